package dev.netlabjunit.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import dev.netlabjunit.internal.process.Command;
import dev.netlabjunit.internal.process.CommandResult;

/**
 * The reaper's two cells (docs/lifecycle.md, "The reaper"): SIGKILL of the test JVM with the sweep off, where the
 * watcher alone must have the lab gone within its bound; and SIGKILL of the watcher itself during the run, after
 * which the build must still end clean and the next run (its sweep, a new watcher) still work.
 */
final class ReaperCells {

    /**
     * The target is 2 s plus the engine's own teardown (embedded: under a second). The bound allows 5 s for that
     * teardown on a CI host shared by several builds; the time measured is in the cell's notes.
     */
    static final Duration GONE_BOUND = Duration.ofSeconds(2 + 5);
    /** How long the scenario of the watcher cell holds its lab after the watcher was killed. */
    static final int HOLD_SECONDS = 6;

    private ReaperCells() {
    }

    /** The reapers' watchers of {@code testJvms}: the library's CLI running {@code watch <pid>}. */
    static List<ProcessHandle> watchers(Set<Long> testJvms) {
        return ProcessHandle.allProcesses()
                .filter(h -> h.parent().map(p -> testJvms.contains(p.pid())).orElse(false))
                .filter(h -> {
                    String cmd = h.info().commandLine().orElse("");
                    return cmd.contains("dev.netlabjunit.internal.cli.Main") && testJvms.stream()
                            .anyMatch(pid -> cmd.contains(" watch " + pid + " "));
                })
                .toList();
    }

    /**
     * SIGKILL to every watcher of the test JVMs (only processes those JVMs started); returns when the scenario's
     * hold ends, the moment from which its clean exit is timed.
     */
    static long killWatchers(Set<Long> testJvms, long struck, List<String> notes, List<String> problems)
            throws InterruptedException {
        List<ProcessHandle> found = watchers(testJvms);
        if (found.isEmpty()) {
            problems.add("no reaper watcher of test JVMs " + testJvms + " found to kill");
        }
        for (ProcessHandle w : found) {
            CommandResult r = Command.of("kill", "-KILL", Long.toString(w.pid())).timeout(Duration.ofSeconds(10)).run();
            if (!r.succeeded()) {
                problems.add(r.commandLine() + " failed: " + r.tailText());
            }
        }
        notes.add("SIGKILL to " + found.size() + " watcher(s)");
        long holdEnds = struck + Duration.ofSeconds(HOLD_SECONDS).toNanos();
        long wait = (holdEnds - System.nanoTime()) / 1_000_000;
        if (wait > 0) {
            Thread.sleep(wait);
        }
        return System.nanoTime();
    }

    /**
     * Waits until {@code leftovers} (what the cell checks, processes aside: mvn itself still runs) is empty; notes
     * the time from {@code struck}, and a problem when it takes longer than {@link #GONE_BOUND}.
     */
    static void awaitLabsGone(long struck, Supplier<List<String>> leftovers, Path dir, List<String> notes,
                              List<String> problems) throws InterruptedException {
        List<String> left = List.of();
        while (System.nanoTime() - struck < GONE_BOUND.toNanos() * 3) {
            left = leftovers.get().stream().filter(l -> !l.startsWith("process ")).toList();
            if (left.isEmpty()) {
                long ms = (System.nanoTime() - struck) / 1_000_000;
                notes.add("reaper: lab gone " + ms + " ms after SIGKILL");
                if (ms > GONE_BOUND.toMillis()) {
                    problems.add("the lab was gone only " + ms + " ms after SIGKILL; allowed " + GONE_BOUND.toMillis()
                            + " ms");
                }
                return;
            }
            Thread.sleep(20);
        }
        problems.add("still there " + GONE_BOUND.multipliedBy(3).toMillis() + " ms after SIGKILL, with the sweep off: "
                + left + " (logs in " + dir + ")");
    }
}
