package dev.netlabjunit.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.netlabjunit.internal.engine.EngineSelector;
import dev.netlabjunit.internal.lifecycle.StaleLabs;
import dev.netlabjunit.internal.process.Deadline;
import dev.netlabjunit.internal.process.ProcessTrees;
import dev.netlabjunit.reliability.Cell.Engine;
import dev.netlabjunit.standin.RealNetlabWrapper;

/**
 * Runs one cell: a first run ended the cell's way at the cell's phase, the checks of what it left and how fast its
 * test JVM exited, and, after an uncatchable ending (or whenever something was left), a next run in the same state
 * root whose first test must find the old labs gone. Whatever still remains at the end is removed (in-process
 * sweep, then the cell's processes are killed), so a failing cell does not leak into the next one.
 *
 * <p>The parts: {@link CellLaunch} starts runs, {@link Strike} (with {@link PhaseWaits} and {@link Signals})
 * delivers the ending, {@link TestJvms} follows the test JVMs to their exit, {@link ReadyFiles} and
 * {@link RunOutput} read what the runs reported, {@link CellChecks} judges; this class puts them in order.
 */
final class CellRun {

    static final Duration RUN_BOUND = Duration.ofMinutes(4);
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private final Cell cell;
    private final CellDir where;
    private final RealNetlabWrapper netlab;
    /** The HOME of the lab a never-released scenario starts by hand (the host lease is per netlab HOME). */
    private final RealNetlabWrapper handNetlab;
    private final Set<String> labKeys = new LinkedHashSet<>();
    private final Findings findings = new Findings();
    private final ReadyFiles ready;
    private final TestJvms jvms;
    private final CellLaunch launch;
    private final Strike strike;
    private final CellChecks checks;

    CellRun(Cell cell, Path dir, int index) throws IOException {
        this.cell = cell;
        this.where = CellDir.create(dir, index);
        this.netlab = cell.engine() == Engine.STANDIN ? RealNetlabWrapper.install(where.dir().resolve("netlab")) : null;
        this.handNetlab = cell.engine() == Engine.STANDIN
                ? RealNetlabWrapper.install(where.dir().resolve("netlab-hand")) : null;
        this.ready = new ReadyFiles(where.ready());
        this.jvms = new TestJvms(cell.runner(), where);
        this.launch = new CellLaunch(cell, where, netlab, handNetlab);
        this.strike = new Strike(cell, new PhaseWaits(cell, where, ready, jvms, labKeys, findings), jvms,
                this::collectKeys, () -> Set.copyOf(labKeys), () -> Leftovers.find(where.dir(), where.stateRoot(), standIns(), labKeys,
                where.marker()), where.dir(),
                new Signals(jvms, findings), findings);
        this.checks = new CellChecks(cell, ready, findings);
    }

    Outcome run() throws Exception {
        long exitMillis = -1;
        long bound = -1;
        List<String> leftAfterRun = List.of();
        String nextRun = "not needed";
        try {
            Launched first = launch.first();
            long t0 = strike.strike(first);
            checks.sharing();
            TestJvms.Exits exits = jvms.awaitGone(first, RUN_BOUND, findings);
            exitMillis = exits.lastExit() - t0 < 0 ? 0 : (exits.lastExit() - t0) / 1_000_000;
            if (!first.await(RUN_BOUND)) {
                findings.problem("the first run did not end within " + RUN_BOUND);
            }
            collectKeys();
            leftAfterRun = settledLeftovers();
            if (cell.ending() == Cell.Ending.SIGKILL_FORK_REAPED && !leftAfterRun.isEmpty()) {
                findings.problem("left after the reaper (sweep off): " + leftAfterRun);
            }
            if (cell.ending().catchable) {
                // Teardown time as seen from outside: until the last owner record was deleted (the record goes
                // last). Surefire drops a fork's stderr once it is exiting, so the hook's own lines may be lost.
                long teardown = exits.recordsGoneAt() == 0 ? RunOutput.teardownMillis(first)
                        : Math.max(0, (exits.recordsGoneAt() - t0) / 1_000_000);
                bound = checks.catchableEnding(leftAfterRun, exitMillis, teardown);
            }
            checks.plainJvmEndsByItself(first);
            if (!cell.ending().catchable || !leftAfterRun.isEmpty() || cell.ending() == Cell.Ending.SIGKILL_REAPER) {
                nextRun = nextRun();
            }
        } finally {
            cleanUp();
        }
        return new Outcome(cell, leftAfterRun, nextRun, exitMillis, bound, findings.notes(), findings.problems());
    }

    /**
     * What is left once the run's processes have settled: Surefire's per-fork shell exits only after it has reaped
     * the fork's JVM, a moment after the JVM itself. Processes alone are re-checked for up to {@link #SETTLE}.
     */
    private List<String> settledLeftovers() throws InterruptedException {
        long end = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            List<String> left = Leftovers.find(where.dir(), where.stateRoot(), standIns(), labKeys, where.marker());
            boolean onlyProcesses = !left.isEmpty() && left.stream().allMatch(l -> l.startsWith("process "));
            if (!onlyProcesses || System.nanoTime() > end) {
                return left;
            }
            Thread.sleep(100);
        }
    }

    private List<RealNetlabWrapper> standIns() {
        return netlab == null ? List.of() : List.of(netlab, handNetlab);
    }

    private void collectKeys() {
        labKeys.addAll(ready.keys());
        labKeys.addAll(Leftovers.records(where.stateRoot()));
    }

    private String nextRun() throws Exception {
        collectKeys();
        List<String> old = Leftovers.records(where.stateRoot());
        jvms.forget();
        StateRootFiles.clear(where.ready());
        Launched next = launch.next(old);
        if (!next.await(RUN_BOUND)) {
            findings.problem("the next run did not end within " + RUN_BOUND);
        }
        collectKeys();
        boolean passed = RunOutput.passed(cell.runner(), next);
        List<String> left = settledLeftovers();
        long swept = RunOutput.swept(old, next);
        if (!passed) {
            findings.problem("the next run failed (see " + launch.lastLog() + ")");
        }
        if (!left.isEmpty()) {
            findings.problem("left after the next run: " + left);
        }
        return (passed && left.isEmpty() ? "yes" : "NO") + ", " + swept + " record(s) swept before the first test";
    }

    private void cleanUp() {
        collectKeys();
        List<String> left = Leftovers.find(where.dir(), where.stateRoot(), standIns(), labKeys, where.marker());
        if (left.isEmpty()) {
            return;
        }
        findings.note("cleaned up after the cell: " + left);
        for (String p : Leftovers.processes(where.dir(), where.marker())) {
            ProcessHandle.of(Long.parseLong(p.substring(0, p.indexOf(' '))))
                    .ifPresent(h -> ProcessTrees.kill(h, Duration.ofSeconds(2)));
        }
        if (Files.isDirectory(where.stateRoot(), LinkOption.NOFOLLOW_LINKS)) {
            // The configured netlab (the cell's stand-in), as every sweep: a record never names the program.
            StaleLabs.sweep(where.stateRoot(), name -> EngineSelector.forName(name,
                            Optional.ofNullable(netlab).map(RealNetlabWrapper::executable)),
                    EngineSelector::orphans,
                    Deadline.after(Duration.ofMinutes(2)), line -> { });
        }
    }
}
