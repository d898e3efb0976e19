package dev.netlabjunit.reliability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import dev.netlabjunit.reliability.Cell.Engine;
import dev.netlabjunit.reliability.Cell.Phase;

/** Delivers a cell's ending: waits for the cell's phase, then signals (or lets the scenario end by itself). */
final class Strike {

    private final Cell cell;
    private final PhaseWaits waits;
    private final TestJvms jvms;
    private final Signals signals;
    private final Findings findings;
    /** Notes the run's lab keys (before a SIGKILL, while the records still name them). */
    private final Runnable collectKeys;
    /** The lab keys seen so far. */
    private final Supplier<Set<String>> labKeys;
    /** What the cell checks for, as found now. */
    private final Supplier<List<String>> leftovers;
    private final Path dir;

    Strike(Cell cell, PhaseWaits waits, TestJvms jvms, Runnable collectKeys, Supplier<Set<String>> labKeys,
           Supplier<List<String>> leftovers, Path dir, Signals signals, Findings findings) {
        this.labKeys = labKeys;
        this.collectKeys = collectKeys;
        this.leftovers = leftovers;
        this.dir = dir;
        this.cell = cell;
        this.waits = waits;
        this.jvms = jvms;
        this.signals = signals;
        this.findings = findings;
    }

    /** Waits for the cell's phase and delivers its ending; returns the time the ending struck. */
    long strike(Launched run) throws Exception {
        switch (cell.phase()) {
            case START -> {
                if (cell.engine() == Engine.EMBEDDED_FRR) {
                    waits.awaitFrrStarting(run);
                } else {
                    waits.awaitRecordIn("STARTING", run);
                }
            }
            case TESTS -> waits.awaitReady(run);
            case TEARDOWN -> {
                waits.awaitReady(run);
                waits.awaitRecordIn("STOPPING", run);
            }
        }
        jvms.note(run);
        // What the strike meets in an FRR cell's start or teardown: the daemons running right before it.
        List<String> frrAtStrike = cell.engine() == Engine.EMBEDDED_FRR && cell.phase() != Phase.TESTS
                ? Leftovers.frrDaemons(labKeys.get()) : List.of();
        long t0 = System.nanoTime();
        ProcessHandle root = run.root().orElse(null);
        switch (cell.ending()) {
            case SIGINT -> signals.group("INT", root);
            case SIGHUP -> signals.group("HUP", root);
            case SIGTERM -> signals.testJvms("TERM");
            case SIGKILL_FORK -> signals.testJvms("KILL");
            case SIGKILL_FORK_REAPED -> {
                collectKeys.run();
                signals.testJvms("KILL");
                List<String> notes = new ArrayList<>();
                List<String> problems = new ArrayList<>();
                ReaperCells.awaitLabsGone(t0, leftovers, dir, notes, problems);
                notes.forEach(findings::note);
                problems.forEach(findings::problem);
            }
            case SIGKILL_REAPER -> {
                List<String> notes = new ArrayList<>();
                List<String> problems = new ArrayList<>();
                t0 = ReaperCells.killWatchers(jvms.pids(), t0, notes, problems);
                notes.forEach(findings::note);
                problems.forEach(findings::problem);
            }
            case SIGKILL_MVN_EXIT, SIGKILL_MVN_KILL -> signals.root("KILL", root);
            case SECOND_SIGINT -> {
                signals.group("INT", root);
                if (waits.awaitRecordIn("STOPPING", run)) {
                    Thread.sleep(300);
                    findings.note("second SIGINT sent while teardown ran");
                    signals.group("INT", root);
                } else {
                    findings.note("teardown not seen running: no second SIGINT");
                }
            }
            default -> {
                // the scenario ends by itself
            }
        }
        if (cell.engine() == Engine.EMBEDDED_FRR && cell.phase() != Phase.TESTS) {
            findings.note("struck with " + frrAtStrike.size() + " FRR daemon(s) of the lab running");
            if (cell.phase() == Phase.TEARDOWN && frrAtStrike.isEmpty()) {
                // The teardown had stopped every daemon already: the cell would test an embedded lab's teardown.
                findings.problem("no FRR daemon of the lab was running at the strike (phase "
                        + cell.phase().label + " not hit while the daemons were being stopped)");
            }
        }
        return t0;
    }
}
