package dev.netlabjunit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apiguardian.api.API;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

import dev.netlabjunit.internal.engine.embedded.EmbeddedEngine;

/**
 * Runs every benchmark of docs/performance.md and writes the tables to {@code benchmarks/target/benchmarks.md}
 * (or the file named by {@code -Dbench.out}). Arguments pick items ({@code 1} to {@code 8}, and {@code 6r}: item 6's 5-router lab alone); none means all. Run it
 * with {@code scripts/run-benchmarks.sh}, as root for items 3 to 8 (they build embedded labs).
 */
@API(status = API.Status.INTERNAL)
public final class AllBenchmarks {

    private AllBenchmarks() {
    }

    public static void main(String[] args) throws Exception {
        Set<String> items = new TreeSet<>(args.length == 0 ? List.of("1", "2", "3", "4", "5", "6", "7", "8")
                : List.of(args));
        Path out = Path.of(System.getProperty("bench.out", "benchmarks/target/benchmarks.md"));
        Path work = Files.createTempDirectory("nlj-bench");
        long t0 = System.nanoTime();
        StringBuilder md = new StringBuilder("# netlab-junit benchmarks\n\n");
        md.append("Machine: ").append(Machine.describe()).append(".\n\nStarted ").append(Instant.now())
                .append(", load average ").append(Machine.load()).append(".\n\n");
        boolean needsRoot = items.contains("3") || items.contains("4") || items.contains("5") || items.contains("6")
                || items.contains("6r") || items.contains("7") || items.contains("8");
        if (needsRoot) {
            EmbeddedEngine.unavailableReason().ifPresent(r -> {
                throw new IllegalStateException("Items 3-8 build embedded labs: " + r);
            });
        }
        Collection<RunResult> jmh = List.of();
        if (items.contains("1") || items.contains("2")) {
            OptionsBuilder options = new OptionsBuilder();
            if (items.contains("1")) {
                options.include(ListenerBenchmark.class.getName());
            }
            if (items.contains("2")) {
                options.include(StaleRecordsBenchmark.class.getName());
            }
            options.shouldFailOnError(true);
            jmh = new Runner(options.build()).run();
        }
        if (items.contains("1")) {
            section(md, "1. Extension on the class path, nothing stale, no lab",
                    ExtensionCost.run(Files.createDirectories(work.resolve("item1"))) + "\n" + listenerTable(jmh));
        }
        if (items.contains("2")) {
            section(md, "2. Sweep cost by owner records", recordsTable(jmh));
        }
        if (items.contains("3")) {
            section(md, "3. Lab bring-ups: one shared lab vs one per class",
                    BringUps.run(Files.createDirectories(work.resolve("item3"))));
        }
        if (items.contains("4")) {
            section(md, "4. SIGTERM to JVM exit with a lab up",
                    SigtermToExit.run(Files.createDirectories(work.resolve("item4"))));
        }
        if (items.contains("5")) {
            section(md, "5. Embedded engine up and down by size", EngineSizes.run());
        }
        if (items.contains("6")) {
            section(md, "6. Routing: FRR nodes on the embedded engine",
                    RoutingLabs.run(Files.createDirectories(work.resolve("item6"))));
        }
        if (items.contains("6r") && !items.contains("6")) {
            section(md, "6. Routing: the 5-router two-AS lab only",
                    RoutingLabs.routed(Files.createDirectories(work.resolve("item6r"))));
        }
        if (items.contains("7")) {
            section(md, "7. Reuse across runs: the second run's lab-ready time against a fresh bring-up",
                    ReuseBenchmark.run(Files.createDirectories(work.resolve("item7"))));
        }
        if (items.contains("8")) {
            section(md, "8. The reaper: SIGKILL of the test JVM to lab gone, no sweep",
                    ReaperBenchmark.run(Files.createDirectories(work.resolve("item8"))));
        }
        md.append("Finished in ").append((System.nanoTime() - t0) / 1_000_000_000).append(" s, load average ")
                .append(Machine.load()).append(".\n");
        deleteTree(work);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md);
        System.out.println();
        System.out.println(md);
        System.out.println("Written to " + out.toAbsolutePath());
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void section(StringBuilder md, String title, String body) {
        md.append("## ").append(title).append("\n\n").append(body).append("\n");
        System.out.println("## " + title + "\n\n" + body);
    }

    private static String listenerTable(Collection<RunResult> results) {
        StringBuilder md = new StringBuilder("| SweepListener, session opened + first test plan started, state "
                + "root absent (JMH) | median | min–max |\n|---|---:|---:|\n");
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            if (!name.startsWith(ListenerBenchmark.class.getName())) {
                continue;
            }
            Statistics s = r.getPrimaryResult().getStatistics();
            String label = name.endsWith("cold") ? "cold: first call in a fresh JVM (class loading included; "
                    + s.getN() + " forks)" : "warm: steady state (" + s.getN() + " × 1 s iterations)";
            md.append("| ").append(label).append(" | ").append(us(s.getPercentile(50))).append(" | ")
                    .append(us(s.getMin())).append("–").append(us(s.getMax())).append(" |\n");
        }
        return md.toString();
    }

    private static String recordsTable(Collection<RunResult> results) {
        Map<String, Statistics> find = new LinkedHashMap<>();
        Map<String, Statistics> sweep = new LinkedHashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            if (!name.startsWith(StaleRecordsBenchmark.class.getName())) {
                continue;
            }
            String key = r.getParams().getParam("owners") + "/" + r.getParams().getParam("records");
            (name.endsWith("find") ? find : sweep).put(key, r.getPrimaryResult().getStatistics());
        }
        StringBuilder md = new StringBuilder("| owners | records | detection (`StaleLabs.find`) | per record "
                + "| full sweep (`StaleLabs.sweep`) | per record |\n|---|---:|---:|---:|---:|---:|\n");
        for (String owners : List.of("alive", "dead")) {
            for (String n : List.of("0", "1", "10", "100")) {
                String key = owners + "/" + n;
                Statistics f = find.get(key);
                Statistics s = sweep.get(key);
                if (f == null || s == null) {
                    continue;
                }
                int records = Integer.parseInt(n);
                Statistics f0 = find.get(owners + "/0");
                Statistics s0 = sweep.get(owners + "/0");
                md.append("| ").append(owners).append(" | ").append(n).append(" | ").append(range(f)).append(" | ")
                        .append(records == 0 ? "" : us((f.getPercentile(50) - f0.getPercentile(50)) / records))
                        .append(" | ").append(range(s)).append(" | ")
                        .append(records == 0 ? "" : us((s.getPercentile(50) - s0.getPercentile(50)) / records))
                        .append(" |\n");
            }
        }
        md.append("\nDetection: mean per call over 1 s iterations (median of 5 iterations, min–max). Full sweep: one "
                + "call per shot on freshly written records (median of 15 shots, min–max). Per record: (median − "
                + "median at 0 records) / records.\n");
        return md.toString();
    }

    private static String range(Statistics s) {
        return us(s.getPercentile(50)) + " (" + us(s.getMin()) + "–" + us(s.getMax()) + ")";
    }

    /** JMH scores here are in microseconds; shown in milliseconds like the other tables. */
    private static String us(double micros) {
        return Stats.ms(micros / 1000);
    }
}
