package dev.netlabjunit.reliability;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.netlabjunit.reliability.Cell.Phase;
import dev.netlabjunit.reliability.Cell.Runner;

/** The checks of a cell's first run, each adding what it found to the cell's {@link Findings}. */
final class CellChecks {

    /** What a test JVM may take beyond its teardown to exit, and a plain JVM to end after its main returned. */
    static final long EXIT_SLACK_MS = 2000;

    private final Cell cell;
    private final ReadyFiles ready;
    private final Findings findings;

    CellChecks(Cell cell, ReadyFiles ready, Findings findings) {
        this.cell = cell;
        this.ready = ready;
        this.findings = findings;
    }

    /**
     * Two forks of one build that want the same lab share it (docs/parallel.md, share scope {@code build}): both
     * must have reported the same lab.
     */
    void sharing() {
        if (cell.runner().testJvms < 2 || cell.phase() != Phase.TESTS) {
            return;
        }
        if (ready.jvms() < 2) {
            findings.note("one fork ran both classes");
            return;
        }
        if (!cell.scenarioEnding().equals("block")) {
            // The first fork's test may end, and its lab go, before the second fork asks: two labs one after the
            // other are right then. Only forks that wait for the ending hold the lab at the same time.
            findings.note("labs " + ready.extensionLabs());
            return;
        }
        Set<String> labs = ready.extensionLabs();
        if (labs.size() != 1) {
            findings.problem("the " + cell.runner().testJvms + " forks did not share one lab: " + labs);
        } else {
            findings.note("forks shared lab " + labs.iterator().next());
        }
    }

    /**
     * After a catchable ending nothing may be left, and the test JVMs must have exited within their teardown time
     * plus {@link #EXIT_SLACK_MS}. Returns that bound in milliseconds.
     */
    long catchableEnding(List<String> leftAfterRun, long exitMillis, long teardownMillis) {
        long bound = teardownMillis + EXIT_SLACK_MS;
        if (!leftAfterRun.isEmpty()) {
            findings.problem("left after a catchable ending: " + leftAfterRun);
        }
        if (exitMillis > bound) {
            findings.problem("test JVM exited " + exitMillis + " ms after the ending; allowed " + bound + " ms");
        }
        return bound;
    }

    /** Item 3: a plain JVM whose main returned must end by itself, within {@link #EXIT_SLACK_MS}. */
    void plainJvmEndsByItself(Launched run) {
        if (cell.runner() != Runner.PLAIN_JVM) {
            return;
        }
        Optional<Long> returned = RunOutput.mainReturnedAt(run);
        if (returned.isEmpty()) {
            return;
        }
        long ms = (run.endedAtNanos() - returned.get()) / 1_000_000;
        findings.note("JVM ended " + ms + " ms after main returned");
        if (ms > EXIT_SLACK_MS) {
            findings.problem("JVM still alive " + ms + " ms after main returned: a non-daemon thread kept it");
        }
    }
}
