package dev.netlabjunit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apiguardian.api.API;

import dev.netlabjunit.testsupport.ChildProcess;
import dev.netlabjunit.lab.EngineChoice;
import dev.netlabjunit.fixture.Lab;
import dev.netlabjunit.internal.lifecycle.Reaper;
import dev.netlabjunit.internal.process.Command;
import dev.netlabjunit.internal.process.CommandResult;

/**
 * Issue 15 item 4: SIGKILL of a JVM holding an embedded lab ({@code UnclosedLabMain}, no sweep anywhere) until the
 * lab is gone (its namespaces and its owner record), which only the reaper's watcher can do; beside it the
 * engine's own teardown of the same lab closed cleanly in this JVM, and what the watcher costs: its start to a
 * {@code close} (a JVM with the reaper's options, against one with the defaults) and its resident memory while it
 * waits.
 *
 * <p>Standalone: {@code java -cp ... dev.netlabjunit.bench.ReaperBenchmark [REPEATS]} (as root), or item 7 of
 * {@link AllBenchmarks}.
 */
@API(status = API.Status.INTERNAL)
public final class ReaperBenchmark {

    private static final int REPEATS = 10;
    private static final Duration BOUND = Duration.ofSeconds(90);
    /** The watcher starts with the first lab; a test run's lab lives longer than this before anything kills it. */
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Path NETNS = Path.of("/var/run/netns");

    private ReaperBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("nlj-bench-reaper");
        try {
            System.out.println(run(work, args.length > 0 ? Integer.parseInt(args[0]) : REPEATS));
        } finally {
            AllBenchmarks.deleteTree(work);
        }
    }

    public static String run(Path work) throws IOException, InterruptedException {
        return run(work, REPEATS);
    }

    static String run(Path work, int repeats) throws IOException, InterruptedException {
        Path topology = work.resolve("two-routers.yml");
        Files.writeString(topology, "nodes: [r1, r2]\nlinks: [r1-r2]\n");
        Path state = work.resolve("state");
        String cp = System.getProperty("java.class.path");
        Stats gone = new Stats();
        Stats rss = new Stats();
        for (int i = 0; i < repeats; i++) {
            ChildProcess lab = ChildProcess.java(List.of(), cp, "dev.netlabjunit.fixture.UnclosedLabMain",
                    List.of("sleep", "embedded", topology.toString(), state.toString())).bound(BOUND).start();
            String[] started = lab.awaitLine("STARTED ", Duration.ofSeconds(60));
            String key = started[0];
            long pid = Long.parseLong(started[1]);
            Thread.sleep(SETTLE.toMillis());
            ProcessHandle watcher = watcherOf(pid).orElseThrow(() -> new IllegalStateException("no watcher of "
                    + pid));
            rss.add(rssKiB(watcher.pid()) / 1024.0);
            ProcessHandle jvm = ProcessHandle.of(pid).orElseThrow();
            long t0 = System.nanoTime();
            jvm.destroyForcibly(); // kill(pid, SIGKILL)
            while (present(state, key)) {
                if (System.nanoTime() - t0 > BOUND.toNanos()) {
                    throw new IllegalStateException("lab " + key + " still there " + BOUND + " after SIGKILL");
                }
                Thread.sleep(5);
            }
            gone.add((System.nanoTime() - t0) / 1e6);
            lab.awaitExit(BOUND);
            watcher.onExit().join();
        }
        Stats engine = cleanTeardowns(topology, state, repeats);
        Stats tuned = watcherStarts(cp, repeats, reaperOptions());
        Stats plain = watcherStarts(cp, repeats, List.of());
        return "| " + repeats + " runs, embedded engine, 2 routers, no sweep | median (min–max) |\n|---|---:|\n"
                + "| **SIGKILL of the JVM → lab gone** (namespaces and owner record) | " + gone.text() + " |\n"
                + "| the same lab's clean teardown in-process (`Teardown.run`, for the engine's share) | "
                + engine.text() + " |\n"
                + "| SIGKILL → gone, beyond the clean teardown (medians) | "
                + Stats.ms(gone.median() - engine.median()) + " |\n"
                + "| watcher JVM start → exit on `close` (" + String.join(" ", reaperOptions()) + ") | "
                + tuned.text() + " |\n"
                + "| the same with the JVM's default options | " + plain.text() + " |\n"
                + "| watcher resident memory while it waits (VmRSS, MiB) | " + rss.text().replace(" ms", "") + " |\n";
    }

    /** The lab's namespaces or its owner record still exist. */
    private static boolean present(Path state, String key) throws IOException {
        if (Files.exists(state.resolve("owners").resolve(key + ".record"), LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        String[] names = NETNS.toFile().list();
        if (names != null) {
            for (String n : names) {
                if (n.startsWith("nlj-" + key)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The engine's share: the same lab started and closed in this JVM (no watcher), the whole teardown timed. */
    private static Stats cleanTeardowns(Path topology, Path state, int repeats) {
        Stats s = new Stats();
        String before = System.getProperty("netlabjunit.reaper");
        System.setProperty("netlabjunit.reaper", "false");
        try {
            for (int i = 0; i < repeats; i++) {
                Lab lab = new Lab(topology).withEngine(EngineChoice.EMBEDDED).withStateRoot(state);
                try (lab) {
                    lab.start();
                }
                s.add(lab.teardownReport().orElseThrow().elapsed().toNanos() / 1e6);
            }
        } finally {
            if (before == null) {
                System.clearProperty("netlabjunit.reaper");
            } else {
                System.setProperty("netlabjunit.reaper", before);
            }
        }
        return s;
    }

    /** A watcher JVM told {@code close} at once: its start-up, which the JVM starting a lab does not wait for. */
    private static Stats watcherStarts(String cp, int repeats, List<String> options) {
        Stats s = new Stats();
        ProcessHandle self = ProcessHandle.current();
        for (int i = 0; i < repeats; i++) {
            List<String> argv = new ArrayList<>();
            argv.add(ChildProcess.javaExecutable());
            argv.addAll(options);
            argv.addAll(List.of("-cp", cp, "dev.netlabjunit.internal.cli.Main", "watch", Long.toString(self.pid()),
                    Long.toString(self.info().startInstant().orElseThrow().toEpochMilli())));
            long t0 = System.nanoTime();
            CommandResult r = Command.of(argv).stdin("close\n")
                    .timeout(BOUND).run();
            if (r.exitCode() != 0) {
                throw new IllegalStateException("watcher exit " + r.exitCode() + ": " + r.tailText());
            }
            s.add((System.nanoTime() - t0) / 1e6);
        }
        return s;
    }

    /** The watcher's JVM options, as the library passes them (its argv between java and -cp). */
    private static List<String> reaperOptions() {
        return Reaper.JVM_OPTIONS;
    }

    private static Optional<ProcessHandle> watcherOf(long pid) {
        return ProcessHandle.allProcesses()
                .filter(h -> h.parent().map(p -> p.pid() == pid).orElse(false))
                .filter(h -> h.info().commandLine().orElse("").contains(" watch " + pid + " "))
                .findFirst();
    }

    private static double rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Double.parseDouble(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }
}
