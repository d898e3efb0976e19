package dev.netlabjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import dev.netlabjunit.internal.engine.embedded.EmbeddedEngine;
import dev.netlabjunit.internal.process.Command;
import dev.netlabjunit.internal.process.CommandResult;
import dev.netlabjunit.standin.RealNetlabWrapper;

/**
 * Many JVMs, one host: four real JVMs (children of this one, like the forks of one Surefire run) run the same
 * lab class at once; one is SIGKILLed while it holds the lab. Exactly one bring-up, no collision, nothing left.
 * And the host lease: two JVMs that do not share, both wanting netlab's {@code default} instance.
 */
class ParallelForksTest {

    // Every netlab call is the real netlab (seconds each, far more on a busy host).
    private static final Duration FORK_LIMIT = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private RealNetlabWrapper netlab;
    private Path stateRoot;
    private Path release;
    private final List<ForkedRun> forks = new ArrayList<>();

    @BeforeEach
    void install() {
        netlab = RealNetlabWrapper.install(dir.resolve("netlab"));
        stateRoot = dir.resolve("state");
        release = dir.resolve("release");
    }

    @AfterEach
    void killForks() {
        for (ForkedRun f : forks) {
            if (f.process().isAlive()) {
                f.process().destroyForcibly();
            }
        }
    }

    @Test
    void fourForksShareOneNetlabLabAndOneIsKilled() throws Exception {
        List<ForkedRun> four = startFour(Map.of("netlabjunit.engine", "netlab"));
        String key = sharedKeyOf(four);
        // The JVM that started the lab dies: the others keep it, and the last of them removes it.
        ForkedRun starter = four.stream().filter(f -> readyOf(f).endsWith("started")).findFirst().orElseThrow();
        kill("KILL", starter.process().pid());
        starter.process().waitFor(20, TimeUnit.SECONDS);
        assertThat(stateRoot.resolve("owners").resolve(key + ".record")).as("a live holder keeps the lab").exists();
        Files.writeString(release, "go");
        for (ForkedRun f : four) {
            if (f != starter) {
                assertThat(f.awaitExit()).as(f.output()).isZero();
            }
        }
        assertThat(netlab.invocationCount("up")).as(allOutput()).isEqualTo(1);
        assertThat(netlab.invocationCount("down")).as(allOutput()).isGreaterThanOrEqualTo(1);
        assertThat(allOutput()).containsOnlyOnce("netlab destroy " + key + ": done");
        assertNothingLeft();
    }

    @Test
    @EnabledIf("embeddedAvailable")
    void fourForksShareOneEmbeddedLabAndOneIsKilled() throws Exception {
        List<ForkedRun> four = startFour(Map.of("netlabjunit.engine", "embedded"));
        String key = sharedKeyOf(four);
        kill("KILL", four.get(2).process().pid());
        four.get(2).process().waitFor(20, TimeUnit.SECONDS);
        Files.writeString(release, "go");
        for (ForkedRun f : List.of(four.get(0), four.get(1), four.get(3))) {
            assertThat(f.awaitExit()).as(f.output()).isZero();
        }
        assertThat(allOutput().split("embedded: lab " + key + " up in", -1)).as(allOutput()).hasSize(2);
        assertThat(namespacesOf(key)).isEmpty();
        assertNothingLeft();
    }

    @Test
    void theSecondJvmWaitsForTheHostLeaseAndNamesTheHolder() throws Exception {
        Map<String, String> noSharing = Map.of("netlabjunit.engine", "netlab", "netlabjunit.share.scope", "none",
                "netlabjunit.lease.timeout", "13s");
        ForkedRun first = fork(noSharing);
        first.awaitReady();
        ForkedRun second = fork(noSharing);
        assertThat(second.awaitExit()).isNotZero();
        assertThat(second.output()).contains("waiting 10 s for the host lease on netlab instance 'default'")
                .contains("held by pid " + first.process().pid())
                .contains("Gave up after 13 s waiting for the host lease")
                .doesNotContain("already running");
        Files.writeString(release, "go");
        assertThat(first.awaitExit()).as(first.output()).isZero();
        assertThat(netlab.invocationCount("up")).isEqualTo(1);
        assertNothingLeft();
    }

    @Test
    void aWaiterProceedsWhenTheHolderEnds() throws Exception {
        Map<String, String> noSharing = Map.of("netlabjunit.engine", "netlab", "netlabjunit.share.scope", "none");
        ForkedRun first = fork(noSharing);
        String firstKey = first.awaitReady();
        ForkedRun second = fork(noSharing);
        Thread.sleep(1500);
        assertThat(second.ready()).as("the second waits while the first holds the lease").doesNotExist();
        Files.writeString(release, "go");
        assertThat(first.awaitExit()).as(first.output()).isZero();
        assertThat(second.awaitReady()).isNotEqualTo(firstKey).endsWith("started");
        assertThat(second.awaitExit()).as(second.output()).isZero();
        assertThat(second.output()).contains("got the host lease on netlab instance 'default'");
        assertThat(netlab.invocationCount("up")).isEqualTo(2);
        assertNothingLeft();
    }

    @Test
    void isolatedForksRunTheirOwnNetlabLabsSideBySide() throws Exception {
        Map<String, String> isolated = Map.of("netlabjunit.engine", "netlab", "netlabjunit.share.scope", "isolated",
                "netlabjunit.lease.timeout", "5s");
        ForkedRun first = fork(isolated);
        ForkedRun second = fork(isolated);
        String firstKey = first.awaitReady();
        String secondKey = second.awaitReady();

        // Both up at once, neither waiting for the other: two multilab instances in netlab's one status file.
        assertThat(firstKey).endsWith("started").isNotEqualTo(secondKey);
        assertThat(secondKey).endsWith("started");
        assertThat(netlab.statusEntries()).as(allOutput()).containsOnlyKeys("1", "2");
        assertThat(allOutput()).doesNotContain("waiting").contains("runs as netlab multilab id 1")
                .contains("runs as netlab multilab id 2");
        Files.writeString(release, "go");
        assertThat(first.awaitExit()).as(first.output()).isZero();
        assertThat(second.awaitExit()).as(second.output()).isZero();
        assertThat(netlab.invocationCount("up")).isEqualTo(2);
        assertNothingLeft();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    static boolean embeddedAvailable() {
        return EmbeddedEngine.unavailableReason().isEmpty();
    }

    private List<ForkedRun> startFour(Map<String, String> properties) throws Exception {
        List<ForkedRun> four = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            four.add(fork(properties));
        }
        for (ForkedRun f : four) {
            f.awaitReady();
        }
        return four;
    }

    private static String readyOf(ForkedRun f) {
        try {
            return f.awaitReady();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String sharedKeyOf(List<ForkedRun> four) throws Exception {
        Set<String> keys = new HashSet<>();
        int started = 0;
        for (ForkedRun f : four) {
            String[] ready = f.awaitReady().split(" ");
            keys.add(ready[0]);
            started += "started".equals(ready[1]) ? 1 : 0;
        }
        assertThat(keys).as("one lab for all four").hasSize(1);
        assertThat(started).as("exactly one JVM brought it up").isEqualTo(1);
        return keys.iterator().next();
    }

    private ForkedRun fork(Map<String, String> extra) throws IOException {
        int n = forks.size();
        Path ready = dir.resolve("ready-" + n);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("netlabjunit.state.root", stateRoot.toString());
        properties.put("netlabjunit.netlab.executable", netlab.executable().toString());
        properties.put("netlabjunit.hook.timeout", "20s");
        properties.put("scenario.ready", ready.toString());
        properties.put("scenario.release", release.toString());
        properties.putAll(extra);
        ForkedRun f = ForkedRun.start(List.of(), List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), properties,
                netlab, ready, dir.resolve("fork-" + n + ".log"), FORK_LIMIT, ParallelScenarios.UsesLab.class);
        forks.add(f);
        return f;
    }

    private String allOutput() {
        StringBuilder sb = new StringBuilder();
        for (ForkedRun f : forks) {
            sb.append("---- fork ").append(f.process().pid()).append('\n').append(f.output());
        }
        return sb.toString();
    }

    private static void kill(String signal, long pid) {
        CommandResult r = Command.of("kill", "-" + signal, Long.toString(pid)).timeout(Duration.ofSeconds(10)).run();
        assertThat(r.exitCode()).as(r.commandLine() + ": " + r.tailText()).isZero();
    }

    private static List<String> namespacesOf(String key) throws IOException {
        Path netns = Path.of("/var/run/netns");
        if (!Files.isDirectory(netns)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(netns)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.contains(key)).toList();
        }
    }

    private void assertNothingLeft() throws IOException, InterruptedException {
        assertThat(netlab.statusEntries()).as("netlab status file\n" + allOutput()).isEmpty();
        Path owners = stateRoot.resolve("owners");
        if (Files.isDirectory(owners)) {
            try (Stream<Path> s = Files.list(owners)) {
                assertThat(s.map(Path::getFileName).map(Path::toString).filter(n -> n.endsWith(".record")))
                        .as("owner records\n" + allOutput()).isEmpty();
            }
        }
        Path shared = stateRoot.resolve("shared");
        if (Files.isDirectory(shared)) {
            try (Stream<Path> s = Files.list(shared)) {
                assertThat(s.map(Path::getFileName).map(Path::toString).filter(n -> n.endsWith(".lab")))
                        .as("published shared labs").isEmpty();
            }
        }
        assertThat(ForkedEndingsTest.processesLeftUnder(dir)).as("processes left under " + dir).isEmpty();
    }
}
