package dev.netlabjunit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.netlabjunit.internal.engine.EngineSelector;
import dev.netlabjunit.internal.engine.embedded.EmbeddedEngine;
import dev.netlabjunit.internal.lifecycle.OwnerRecord;
import dev.netlabjunit.internal.lifecycle.ReuseRecord;
import dev.netlabjunit.internal.lifecycle.ReusedLabs;
import dev.netlabjunit.internal.lifecycle.StateRoot;
import dev.netlabjunit.internal.process.Command;
import dev.netlabjunit.internal.process.Deadline;
import dev.netlabjunit.internal.process.ProcessTrees;

/**
 * The kill matrix's reuse cells (issue 15, docs/reuse.md): real {@code mvn test} builds of the matrix's test
 * project (Surefire, one fork, embedded engine) with {@code netlabjunit.reuse} on, one after another in one state
 * root. Reuse is forced ({@code netlabjunit.reuse.force}) because the matrix runs in CI, where it is off otherwise.
 * Kept separate from {@link KillMatrixTest}'s table so that its cells stay as they are; runs with the matrix
 * ({@code -Dreliability=subset|full}), or alone: {@code -Dreliability=subset -Dtest=ReuseCellsTest}.
 *
 * <ul>
 *   <li>reuse across two builds: the second attaches to the first's lab (same key), its lab-ready time printed;</li>
 *   <li>reuse after the topology changed: the old kept lab is gone, a new one is up and kept;</li>
 *   <li>reuse after the previous build was SIGKILLed (test JVM and mvn, while the tests ran): the next build
 *       attaches to the kept lab or replaces it, and nothing else of it is left.</li>
 * </ul>
 * Each cell ends with {@code down --all}'s own call and checks that no namespace of its labs and no record is left.
 */
class ReuseCellsTest {

    private static final Duration RUN_BOUND = Duration.ofMinutes(4);
    private static final Pattern BRING_UP = Pattern.compile("netlabjunit\\.lab=(\\w+) .*netlabjunit\\.bringUpMillis=(\\d+)");

    Path dir;
    Path stateRoot;
    Path ready;
    final List<String> keys = new ArrayList<>();
    int runs;

    @BeforeEach
    void setUp(org.junit.jupiter.api.TestInfo info) throws IOException {
        String only = System.getProperty("reliability.only", "");
        assumeTrue(only.isEmpty() || only.contains("reuse"), "reliability.only=" + only + " names no reuse cell");
        Optional<String> reason = EmbeddedEngine.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> reason.orElse(""));
        Path root = Path.of(System.getProperty("reliability.target", "target")).resolve("reuse-cells");
        dir = Files.createDirectories(root.resolve(info.getTestMethod().orElseThrow().getName())).toRealPath();
        StateRootFiles.deleteTree(dir);
        dir = Files.createDirectories(dir);
        stateRoot = dir.resolve("state");
        ready = Files.createDirectories(dir.resolve("ready"));
    }

    @AfterEach
    void nothingLeft() {
        if (stateRoot == null) {
            return;
        }
        StateRoot.existing(stateRoot).ifPresent(root -> {
            List<String> inUse = new ArrayList<>();
            ReusedLabs.downAll(root, EngineSelector::forName, Deadline.after(Duration.ofMinutes(2)), line -> { },
                    inUse);
            assertThat(inUse).as("kept labs still in use after the builds").isEmpty();
            assertThat(root.records()).as("owner records left").isEmpty();
            assertThat(ReusedLabs.records(root)).as("reuse records left").isEmpty();
        });
        for (String key : keys) {
            assertThat(namespaces()).as("namespaces of %s", key).noneMatch(ns -> ns.startsWith("nlj-" + key));
        }
    }

    /** One build: {@code mvn test} of the project, with the scenario's {@code ending}. */
    Launched build(String ending) throws IOException {
        int run = ++runs;
        Map<String, String> props = new LinkedHashMap<>();
        props.put("netlabjunit.state.root", stateRoot.toString());
        props.put("netlabjunit.engine", "embedded");
        props.put("netlabjunit.unavailable", "fail");
        props.put("netlabjunit.reuse", "true");
        props.put("netlabjunit.reuse.force", "true");
        props.put("cell.ready", ready.toString());
        props.put("cell.ending", ending);
        Path project = dir.resolve("project");
        if (!Files.exists(project.resolve("pom.xml"))) {
            TestProject.write(project, Cell.Runner.SUREFIRE_1, "          <forkCount>1</forkCount>\n", props);
        }
        List<String> argv = List.of("mvn", "-B", "-ntp", "-o", "-f", project.resolve("pom.xml").toString(), "test");
        return Launched.start(argv, project, dir.resolve("build-" + run + ".log"), project.resolve("pom.xml")
                .toString(), RUN_BOUND);
    }

    /** Runs a build to its end; returns the lab key and its lab-ready time (report entry). */
    String[] buildToTheEnd() throws Exception {
        Launched b = build("end");
        assertThat(b.await(RUN_BOUND.plusSeconds(30))).as("build ended").isTrue();
        assertThat(b.exitCode()).as("build %d exit code; its log: %s", runs, b.output()).isZero();
        Matcher m = BRING_UP.matcher(b.output());
        assertThat(m.find()).as("report entry in the build's output").isTrue();
        keys.add(m.group(1));
        return new String[] {m.group(1), m.group(2)};
    }

    static List<String> namespaces() {
        return Command.of("ip", "netns", "list").timeout(Duration.ofSeconds(10)).run().stdout().lines()
                .map(l -> l.split(" ")[0]).toList();
    }

    static boolean up(String key) {
        return namespaces().contains("nlj-" + key + "-r1");
    }

    List<ReuseRecord> kept() {
        return ReusedLabs.records(StateRoot.at(stateRoot));
    }

    @Test
    void reuseAcrossTwoBuilds() throws Exception {
        String[] first = buildToTheEnd();
        assertThat(up(first[0])).as("kept after the first build").isTrue();
        assertThat(kept()).extracting(ReuseRecord::labKey).containsExactly(first[0]);

        String[] second = buildToTheEnd();

        System.out.println("[reuse-cell] reuse across two builds: build 1 lab ready in " + first[1]
                + " ms (brought up), build 2 in " + second[1] + " ms (attached to " + second[0] + ")");
        assertThat(second[0]).as("the second build attached to the first's lab").isEqualTo(first[0]);
        assertThat(Long.parseLong(second[1])).isLessThan(Long.parseLong(first[1]));
        assertThat(up(first[0])).isTrue();
    }

    @Test
    void reuseAfterTheTopologyChanged() throws Exception {
        String[] first = buildToTheEnd();
        assertThat(up(first[0])).isTrue();
        Files.writeString(dir.resolve("project/src/test/resources/topologies/two-routers.yml"),
                "nodes: [ r1, r2, r3 ]\nlinks: [ r1-r2, r2-r3 ]\n");

        String[] second = buildToTheEnd();

        System.out.println("[reuse-cell] reuse after the topology changed: old lab " + first[0] + ", new lab "
                + second[0] + " ready in " + second[1] + " ms");
        assertThat(second[0]).isNotEqualTo(first[0]);
        assertThat(namespaces()).as("the old kept lab is gone").noneMatch(ns -> ns.startsWith("nlj-" + first[0]));
        assertThat(namespaces()).contains("nlj-" + second[0] + "-r3");
        assertThat(kept()).extracting(ReuseRecord::labKey).containsExactly(second[0]);
    }

    @Test
    void reuseAfterThePreviousBuildCrashed() throws Exception {
        Launched crashed = build("block");
        String readyFile = awaitReady(crashed);
        String old = readyFile.substring(0, readyFile.indexOf('@'));
        keys.add(old);
        long testJvm = Long.parseLong(readyFile.substring(readyFile.indexOf('@') + 1));
        // SIGKILL: the test JVM first (no hook runs), then the build.
        ProcessHandle.of(testJvm).ifPresent(ProcessHandle::destroyForcibly);
        crashed.root().ifPresent(h -> ProcessTrees.kill(h, Duration.ofSeconds(5)));
        assertThat(crashed.await(Duration.ofSeconds(30))).isTrue();
        Files.deleteIfExists(ready.resolve(readyFile));

        String[] next = buildToTheEnd();

        boolean reused = next[0].equals(old);
        System.out.println("[reuse-cell] reuse after the previous build was SIGKILLed: " + (reused
                ? "attached to the killed build's lab " + old : "replaced " + old + " by " + next[0]) + ", ready in "
                + next[1] + " ms");
        if (!reused) {
            assertThat(namespaces()).noneMatch(ns -> ns.startsWith("nlj-" + old));
        }
        StateRoot root = StateRoot.at(stateRoot);
        assertThat(root.records()).extracting(OwnerRecord::labKey).containsExactly(next[0]);
        assertThat(kept()).extracting(ReuseRecord::labKey).containsExactly(next[0]);
        assertThat(up(next[0])).isTrue();
    }

    private String awaitReady(Launched run) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        while (System.nanoTime() < end) {
            try (Stream<Path> s = Files.list(ready)) {
                Optional<String> f = s.map(p -> p.getFileName().toString()).filter(n -> !n.contains("@hand"))
                        .findFirst();
                if (f.isPresent()) {
                    return f.get();
                }
            }
            if (!run.isRunning()) {
                throw new AssertionError("build ended before its lab was up: " + run.output());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no lab up within 150 s: " + run.output());
    }
}
