package dev.netlabjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netlabjunit.internal.process.Command;
import dev.netlabjunit.internal.process.CommandResult;
import dev.netlabjunit.standin.RealNetlabWrapper;

/**
 * Every way a test JVM can end, with a real forked JVM running a real launcher session against the real netlab
 * (RealNetlabWrapper). After each: netlab's status file lists no lab, the state root holds no owner record, and no
 * process of the lab is left.
 */
class ForkedEndingsTest {

    // Every netlab call is the real netlab (seconds each, far more on a busy host).
    private static final Duration FORK_LIMIT = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private RealNetlabWrapper netlab;
    private Path stateRoot;
    private final List<Process> forks = new ArrayList<>();

    @BeforeEach
    void install() {
        netlab = RealNetlabWrapper.install(dir.resolve("netlab"));
        stateRoot = dir.resolve("state");
    }

    @AfterEach
    void killForks() {
        for (Process p : forks) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void cleanEnd() throws Exception {
        ForkedRun run = fork("end", Map.of(), ForkScenarios.UsesLab.class);
        assertThat(run.awaitExit()).as(run.output()).isZero();
        assertThat(run.output()).contains("(clean)").contains("torn down by the clean path")
                .doesNotContain("(hook)");
        assertNothingLeft(run);
        assertThat(netlab.invocationCount("up")).isEqualTo(1);
    }

    @Test
    void aLabNobodyClosesIsRemovedByTheHook() throws Exception {
        ForkedRun run = fork("end", Map.of(), ForkScenarios.NeverReleases.class);
        assertThat(run.awaitExit()).as(run.output()).isZero();
        assertThat(run.output()).contains("(hook)");
        assertNothingLeft(run);
    }

    @Test
    void systemExitInATest() throws Exception {
        ForkedRun run = fork("exit", Map.of(), ForkScenarios.UsesLab.class);
        assertThat(run.awaitExit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("(hook)");
        assertNothingLeft(run);
    }

    @Test
    void sigterm() throws Exception {
        signalled("TERM");
    }

    @Test
    void sigint() throws Exception {
        signalled("INT");
    }

    private void signalled(String signal) throws Exception {
        ForkedRun run = fork("block", Map.of(), ForkScenarios.UsesLab.class);
        run.awaitReady();
        kill(signal, run.process().pid());
        run.awaitExit();
        assertThat(run.output()).contains("(hook)");
        assertNothingLeft(run);
    }

    @Test
    void sigkillThenTheNextRunSweepsBeforeItsFirstTest() throws Exception {
        // No reaper: this is about what the sweep finds (the reaper's own test is the fixtures' ReaperTest).
        ForkedRun first = fork("block", Map.of("netlabjunit.reaper", "false"), ForkScenarios.UsesLab.class);
        String oldKey = first.awaitReady();
        kill("KILL", first.process().pid());
        first.awaitExit();
        assertThat(stateRoot.resolve("owners").resolve(oldKey + ".record")).exists();
        assertThat(netlab.statusEntries()).isNotEmpty();

        ForkedRun second = fork("end", Map.of("scenario.oldKey", oldKey), ForkScenarios.ChecksTheSweep.class);
        assertThat(second.awaitExit()).as(second.output()).isZero();
        assertThat(second.output()).contains("sweep: lab " + oldKey).contains("(sweep)");
        assertNothingLeft(second);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private ForkedRun fork(String mode, Map<String, String> extra, Class<?>... classes) throws IOException {
        Path ready = dir.resolve("ready-" + forks.size());
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("netlabjunit.state.root", stateRoot.toString());
        properties.put("netlabjunit.netlab.executable", netlab.executable().toString());
        properties.put("netlabjunit.engine", "netlab");
        properties.put("netlabjunit.hook.timeout", "20s");
        properties.put("scenario.ready", ready.toString());
        properties.put("scenario.mode", mode);
        properties.putAll(extra);
        ForkedRun run = ForkedRun.start(List.of("env", "--default-signal=INT"), List.of(), properties, netlab, ready,
                dir.resolve("fork-" + forks.size() + ".log"), FORK_LIMIT, classes);
        forks.add(run.process());
        return run;
    }

    private static void kill(String signal, long pid) {
        CommandResult r = Command.of("kill", "-" + signal, Long.toString(pid)).timeout(Duration.ofSeconds(10)).run();
        assertThat(r.exitCode()).as(r.commandLine() + ": " + r.tailText()).isZero();
    }

    private void assertNothingLeft(ForkedRun run) throws IOException, InterruptedException {
        assertThat(netlab.statusEntries()).as("netlab status file\n" + run.output()).isEmpty();
        Path owners = stateRoot.resolve("owners");
        if (Files.isDirectory(owners)) {
            try (Stream<Path> s = Files.list(owners)) {
                assertThat(s.map(Path::getFileName).map(Path::toString).filter(n -> n.endsWith(".record")))
                        .as("owner records\n" + run.output()).isEmpty();
            }
        }
        assertThat(processesLeftUnder(dir)).as("processes left under " + dir).isEmpty();
    }

    /**
     * How long a fork's reaper watcher may outlive its JVM: it reads the JVM's last line (or the end of its pipe)
     * and exits, on a loaded 2-core CI host in well under a second; a watcher still there after this leaked.
     */
    static final Duration WATCHER_EXIT_GRACE = Duration.ofSeconds(15);

    /**
     * The processes still under {@code root} once {@link #WATCHER_EXIT_GRACE} has passed (or none sooner): a
     * watcher exits after its JVM, not with it, so the check waits for it instead of racing it.
     */
    static List<String> processesLeftUnder(Path root) throws InterruptedException {
        long until = System.nanoTime() + WATCHER_EXIT_GRACE.toNanos();
        List<String> left = processesUsing(root);
        long start = System.nanoTime();
        boolean waited = !left.isEmpty();
        while (!left.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(100);
            left = processesUsing(root);
        }
        if (waited) {
            System.err.println("[test] waited " + (System.nanoTime() - start) / 1_000_000 + " ms for processes under "
                    + root + " to exit; " + left.size() + " left");
        }
        return left;
    }

    /** Processes whose working directory or command line is inside {@code root}. */
    static List<String> processesUsing(Path root) {
        List<String> found = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(h -> {
            if (h.pid() == ProcessHandle.current().pid()) {
                return;
            }
            String cmd = h.info().commandLine().orElse("");
            Path cwd = null;
            try {
                cwd = Path.of("/proc", Long.toString(h.pid()), "cwd").toRealPath();
            } catch (IOException | SecurityException gone) {
                // exited or not ours to read
            }
            if (cmd.contains(root.toString()) || (cwd != null && cwd.startsWith(root))) {
                found.add(h.pid() + " " + cmd);
            }
        });
        return found;
    }
}
