package dev.netlabjunit.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apiguardian.api.API;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.netlabjunit.internal.engine.EngineSelector;
import dev.netlabjunit.internal.engine.LabKey;
import dev.netlabjunit.internal.lifecycle.OwnerRecord;
import dev.netlabjunit.internal.lifecycle.ProcessIdentity;
import dev.netlabjunit.internal.lifecycle.StaleLabs;
import dev.netlabjunit.internal.lifecycle.StateRoot;
import dev.netlabjunit.lab.TeardownReport;
import dev.netlabjunit.internal.process.Deadline;

/**
 * Item 2: the sweep over a state root holding 0, 1, 10 or 100 owner records, all of dead owners or all of live
 * ones. {@code find} is detection alone (list, parse, check each owner); {@code sweep} is the full
 * {@link StaleLabs#sweep} with the embedded engine, whose labs here are already gone (their namespaces no longer
 * exist), so it measures our teardown path per record and not the kernel's: mark STOPPING (a synced write),
 * engine check, delete the lab directory and the record. A dead owner is a pid now used by another process (our
 * own pid with an older start time): the most expensive check. Each sweep shot gets freshly written records.
 * Orphan detection (listing {@code /var/run/netns}) runs but its findings are not acted on, so this benchmark
 * never removes another build's leftovers; teardown's progress lines are discarded.
 */
@API(status = API.Status.INTERNAL)
@State(Scope.Benchmark)
public class StaleRecordsBenchmark {

    @Param({"0", "1", "10", "100"})
    public int records;

    @Param({"dead", "alive"})
    public String owners;

    private Path template;
    private Path fresh;
    private PrintStream savedErr;

    @Setup(Level.Trial)
    public void writeTemplate() throws IOException {
        template = Files.createTempDirectory("nlj-bench-records");
        writeRecords(template);
        savedErr = System.err;
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
    }

    /** {@code records} owner records under a new state root at {@code dir}, each with its lab directory. */
    private void writeRecords(Path dir) {
        StateRoot root = StateRoot.at(dir);
        ProcessIdentity me = ProcessIdentity.current();
        ProcessIdentity owner = owners.equals("alive") ? me
                : new ProcessIdentity(me.pid(), Optional.of(me.startTime().orElseThrow().minusSeconds(3600)));
        for (int i = 0; i < records; i++) {
            String key = LabKey.generate();
            Instant t = Instant.now();
            Path labDir = root.createLabDirectory(key);
            root.write(new OwnerRecord(key, "embedded", labDir, true, "0".repeat(64), owner, "bench", "session",
                    OwnerRecord.State.RUNNING, t, t,
                    // The names the engine gives this key (a record naming anything else is refused); none exists.
                    Map.of("embedded.namespaces", "nlj-" + key + "," + "nlj-" + key + "-r1",
                            "embedded.hostLinks", "nlj" + key)));
        }
    }

    @TearDown(Level.Trial)
    public void restore() throws IOException {
        System.setErr(savedErr);
        delete(template);
    }

    @Setup(Level.Iteration)
    public void freshRecords() throws IOException {
        fresh = Files.createTempDirectory("nlj-bench-sweep");
        writeRecords(fresh);
    }

    @TearDown(Level.Iteration)
    public void removeCopy() throws IOException {
        delete(fresh);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Fork(1)
    @Warmup(iterations = 2, time = 1)
    @Measurement(iterations = 5, time = 1)
    public List<OwnerRecord> find() {
        List<OwnerRecord> stale = StaleLabs.find(StateRoot.at(template));
        if (stale.size() != (owners.equals("dead") ? records : 0)) {
            throw new IllegalStateException("found " + stale.size() + " stale records");
        }
        return stale;
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Fork(1)
    @Warmup(iterations = 5)
    @Measurement(iterations = 15)
    public List<TeardownReport> sweep() {
        List<TeardownReport> reports = StaleLabs.sweep(fresh, EngineSelector::forName, known -> {
            EngineSelector.orphans(known);
            return List.of();
        }, Deadline.after(Duration.ofSeconds(60)), line -> { });
        long failed = reports.stream().filter(r -> r.failure().isPresent()).count();
        if (reports.size() != (owners.equals("dead") ? records : 0) || failed > 0) {
            throw new IllegalStateException(reports.size() + " teardowns, " + failed + " failed: " + reports);
        }
        return reports;
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
