package dev.netlabjunit.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** Waits for the moment a cell's ending must strike: every test JVM reported its lab, or a record's state. */
final class PhaseWaits {

    private static final Duration PHASE_WAIT = Duration.ofSeconds(150);

    private final Cell cell;
    private final Path stateRoot;
    private final ReadyFiles ready;
    private final TestJvms jvms;
    private final Set<String> labKeys;
    private final Findings findings;

    /** {@code labKeys} collects every lab key an owner record shows meanwhile. */
    PhaseWaits(Cell cell, CellDir where, ReadyFiles ready, TestJvms jvms, Set<String> labKeys, Findings findings) {
        this.cell = cell;
        this.stateRoot = where.stateRoot();
        this.ready = ready;
        this.jvms = jvms;
        this.labKeys = labKeys;
        this.findings = findings;
    }

    void awaitReady(Launched run) throws InterruptedException {
        long end = System.nanoTime() + PHASE_WAIT.toNanos();
        while (System.nanoTime() < end && run.isRunning()) {
            jvms.note(run);
            if (ready.jvms() >= cell.runner().testJvms) {
                return;
            }
            Thread.sleep(20);
        }
        // A scenario that does not block may end before the other fork starts (one fork then runs both classes).
        boolean blocks = cell.scenarioEnding().equals("block");
        if (ready.jvms() == 0 || (blocks && ready.jvms() < cell.runner().testJvms)) {
            findings.problem("the tests did not report their labs up (" + ready.jvms() + " of "
                    + cell.runner().testJvms + " test JVMs)");
        }
    }

    /**
     * FRR cells' start phase: waits until a lab whose owner record is {@code STARTING} has a running FRR daemon
     * (the engine has built the namespaces and is starting the daemons, the last step before the record says
     * {@code RUNNING}); false if that was never seen. The record is read again after the daemons, so a lab that
     * finished starting in between does not count.
     */
    boolean awaitFrrStarting(Launched run) throws InterruptedException {
        long end = System.nanoTime() + PHASE_WAIT.toNanos();
        while (System.nanoTime() < end && run.isRunning()) {
            jvms.note(run);
            for (String key : Leftovers.records(stateRoot)) {
                labKeys.add(key);
                if (inState(key, "STARTING") && !Leftovers.frrDaemons(Set.of(key)).isEmpty()
                        && inState(key, "STARTING")) {
                    return true;
                }
            }
            Thread.sleep(2);
        }
        findings.problem("no FRR daemon seen while an owner record was STARTING (phase " + cell.phase().label
                + " not hit)");
        return false;
    }

    private boolean inState(String key, String state) {
        try {
            return Files.readString(stateRoot.resolve("owners").resolve(key + ".record")).contains("state=" + state);
        } catch (IOException racing) {
            return false; // replaced or deleted meanwhile
        }
    }

    /** Waits until some owner record is in {@code state}; false if none was seen. */
    boolean awaitRecordIn(String state, Launched run) throws InterruptedException {
        long end = System.nanoTime() + PHASE_WAIT.toNanos();
        while (System.nanoTime() < end && run.isRunning()) {
            jvms.note(run);
            for (String key : Leftovers.records(stateRoot)) {
                labKeys.add(key);
                try {
                    String text = Files.readString(stateRoot.resolve("owners").resolve(key + ".record"));
                    if (text.contains("state=" + state)) {
                        return true;
                    }
                } catch (IOException racing) {
                    // replaced or deleted meanwhile
                }
            }
            Thread.sleep(5);
        }
        findings.problem("no owner record reached " + state + " (phase " + cell.phase().label + " not hit)");
        return false;
    }
}
