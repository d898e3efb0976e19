package dev.netlabjunit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apiguardian.api.API;

import dev.netlabjunit.testsupport.ChildProcess;
import dev.netlabjunit.lab.EngineChoice;
import dev.netlabjunit.internal.engine.EngineSelector;
import dev.netlabjunit.fixture.Lab;
import dev.netlabjunit.internal.lifecycle.ReusedLabs;
import dev.netlabjunit.internal.lifecycle.StateRoot;
import dev.netlabjunit.internal.process.Deadline;

/**
 * Item 7 (issue 15): the lab-ready time of a run with reuse against a fresh bring-up, side by side. Each "run" is a
 * child JVM that starts a {@link Lab} for the same two-router topology and closes it, as a test run does; the time
 * is {@code start()}'s, i.e. when the lab is ready for the first test. Per repeat: one fresh run (reuse off), then
 * two runs with reuse, of which the second is the one measured (it attaches to the lab the first kept); then the
 * kept lab is taken down. Engines: embedded, and netlab (real netlab, {@code external} provider, no device
 * configuration) when {@code -Dbench.netlab=PATH} or {@code $NETLAB_JUNIT_NETLAB} names a netlab program.
 */
@API(status = API.Status.INTERNAL)
public final class ReuseBenchmark {

    private static final int REPEATS = 5;
    private static final Duration BOUND = Duration.ofMinutes(5);
    private static final Pattern READY = Pattern.compile("READY (\\d+) (\\S+) (\\w+)");

    private ReuseBenchmark() {
    }

    /** Standalone: {@code java -cp ... dev.netlabjunit.bench.ReuseBenchmark} (as root, for the embedded engine). */
    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("run")) {
            child(args[1], Path.of(args[2]));
            return;
        }
        System.out.println(run(Files.createTempDirectory("nlj-bench-reuse")));
    }

    public static String run(Path work) throws IOException, InterruptedException {
        StringBuilder md = new StringBuilder("| engine | fresh bring-up (reuse off) | second run with reuse"
                + " (attach) | fresh / reuse | same lab attached |\n|---|---:|---:|---:|---:|\n");
        List<String> engines = new ArrayList<>(List.of("embedded"));
        if (netlabProgram().filter(Files::isExecutable).isPresent()) {
            engines.add("netlab");
        }
        for (String engine : engines) {
            Path dir = Files.createDirectories(work.resolve(engine));
            Path topology = dir.resolve("topology.yml");
            Files.writeString(topology, engine.equals("netlab")
                    ? "provider: external\ndefaults.device: frr\nnodes: [r1, r2]\nlinks: [r1-r2]\n"
                    : "nodes: [r1, r2]\nlinks: [r1-r2]\n");
            Path state = dir.resolve("state");
            Stats fresh = new Stats();
            Stats reused = new Stats();
            int attached = 0;
            for (int r = 0; r < REPEATS; r++) {
                fresh.add(ready(engine, topology, state, false)[0]);
                long[] keep = ready(engine, topology, state, true);
                long[] second = ready(engine, topology, state, true);
                reused.add(second[0]);
                if (second[1] == 1 && keep[2] == second[2]) {
                    attached++;
                }
                down(state);
            }
            String row = "| " + engine + " | " + fresh.text() + " | " + reused.text() + " | "
                    + Stats.ratio(fresh.median(), reused.median()) + " | " + attached + "/" + REPEATS + " |";
            System.out.println(row);
            md.append(row).append('\n');
        }
        return md.toString();
    }

    /** One run in a child JVM: {ready millis, 1 when attached, hash of the lab key}. */
    private static long[] ready(String engine, Path topology, Path state, boolean reuse)
            throws InterruptedException {
        List<String> options = new ArrayList<>(List.of("-Dnetlabjunit.state.root=" + state,
                "-Dbench.netlab=" + netlabProgram().map(Path::toString).orElse("")));
        ChildProcess.Result run = Runs.succeeded(engine + " run" + (reuse ? " with reuse" : ""), ChildProcess.java(
                options, System.getProperty("java.class.path"), ReuseBenchmark.class.getName(),
                List.of("run", engine + (reuse ? "+reuse" : ""), topology.toString()))
                .environment(Map.of("CI", "")).bound(BOUND));
        Matcher m = READY.matcher(run.stdout());
        if (!m.find()) {
            throw new IllegalStateException("no READY line:\n" + run.stdout() + run.stderr());
        }
        return new long[] {Long.parseLong(m.group(1)), m.group(3).equals("attached") ? 1 : 0, m.group(2).hashCode()};
    }

    private static void down(Path state) {
        StateRoot.existing(state).ifPresent(root -> ReusedLabs.downAll(root, name -> EngineSelector.forName(name,
                        netlabProgram()), Deadline.after(BOUND), line -> { }, new ArrayList<>()));
    }

    /** {@code -Dbench.netlab}, else {@code $NETLAB_JUNIT_NETLAB} (how scripts/run-benchmarks.sh passes it). */
    private static java.util.Optional<Path> netlabProgram() {
        String p = System.getProperty("bench.netlab", "");
        if (p.isBlank()) {
            p = java.util.Objects.requireNonNullElse(System.getenv("NETLAB_JUNIT_NETLAB"), "");
        }
        return p.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(Path.of(p));
    }

    /** The child: one run, timed from {@code new Lab} to the end of {@code start()}. */
    private static void child(String mode, Path topology) throws IOException {
        boolean reuse = mode.endsWith("+reuse");
        String engine = reuse ? mode.substring(0, mode.length() - "+reuse".length()) : mode;
        Path state = Path.of(System.getProperty("netlabjunit.state.root"));
        long t0 = System.nanoTime();
        Lab lab = new Lab(topology).withStateRoot(state);
        if (engine.equals("netlab")) {
            Path home = Files.createDirectories(topology.resolveSibling("netlab-home"));
            lab.withEngine(EngineChoice.NETLAB).withNetlabExecutable(netlabProgram().orElseThrow())
                    .withInitialConfiguration(false).withEnvironment("HOME", home.toString());
        } else {
            lab.withEngine(EngineChoice.EMBEDDED);
        }
        if (reuse) {
            lab.withReuse();
        }
        try (lab) {
            lab.start();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("READY " + ms + " " + lab.labKey() + " " + (lab.isAttached() ? "attached" : "started"));
        }
    }
}
