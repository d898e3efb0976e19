package dev.netlabjunit.junit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.apiguardian.api.API;
import org.opentest4j.TestAbortedException;

import dev.netlabjunit.lab.EngineUnavailableException;

/**
 * The launcher-session store value for one lab identity: the running lab, or the reason it is not running.
 *
 * <p>The lab is started at most once, by the first class that needs it. Its outcome is cached either way, because
 * the store does not cache a failed computation: a lab that failed to come up makes every later class fail at
 * once with the original exception as cause, and a lab no engine can run makes every later class skip, without a
 * second {@code netlab up}.
 *
 * <p>{@link #close()} is the <em>clean path</em>: the JUnit Platform calls it when the launcher session closes;
 * it calls the fixture's {@code close()}, which ends in the same {@code Teardown} as the shutdown hook and the
 * stale sweep. It never throws: a teardown problem is printed, and the lab's owner record stays for the sweep.
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
final class SharedLab implements AutoCloseable {

    private final LabDefinition definition;
    private final SessionSummary summary;
    private final Set<String> classesServed = new LinkedHashSet<>();

    // Written under the monitor; read by close() without it, so that close can abort a start in progress.
    private volatile dev.netlabjunit.fixture.Lab lab;
    private boolean attempted;
    private RuntimeException failure;
    private String firstClass;
    private Duration bringUp;
    private boolean reported;
    private boolean releasedEarly;

    SharedLab(LabDefinition definition, SessionSummary summary) {
        this.definition = definition;
        this.summary = summary;
        summary.add(this);
    }

    /**
     * The running lab for {@code testClass}, starting it if no class did yet.
     *
     * @throws TestAbortedException no engine can run here and the policy is to skip
     * @throws RuntimeException     the start's own exception (first class), or one caused by it (later classes)
     */
    synchronized dev.netlabjunit.fixture.Lab obtain(String testClass,
                                                          Supplier<dev.netlabjunit.fixture.Lab> factory,
                                                          NetlabConfiguration.Unavailable policy) {
        classesServed.add(testClass);
        if (releasedEarly) {
            // Asked for again after the orderer had moved on (another test plan in the same session): a new lab.
            releasedEarly = false;
            attempted = false;
            reported = false;
        }
        if (!attempted) {
            attempted = true;
            firstClass = testClass;
            start(factory);
            if (failure != null) {
                throw firstFailure(policy);
            }
        }
        if (failure != null) {
            throw laterFailure(testClass, policy);
        }
        return lab;
    }

    private void start(Supplier<dev.netlabjunit.fixture.Lab> factory) {
        long t0 = System.nanoTime();
        try {
            dev.netlabjunit.fixture.Lab created = factory.get();
            lab = created;
            created.start();
            bringUp = Duration.ofNanos(System.nanoTime() - t0);
        } catch (RuntimeException e) {
            failure = e;
            bringUp = Duration.ofNanos(System.nanoTime() - t0);
        }
    }

    private RuntimeException firstFailure(NetlabConfiguration.Unavailable policy) {
        if (failure instanceof EngineUnavailableException && policy == NetlabConfiguration.Unavailable.SKIP) {
            return skipped(failure.getMessage());
        }
        return failure;
    }

    private RuntimeException laterFailure(String testClass, NetlabConfiguration.Unavailable policy) {
        if (failure instanceof EngineUnavailableException && policy == NetlabConfiguration.Unavailable.SKIP) {
            return skipped(failure.getMessage());
        }
        return new IllegalStateException("Lab " + definition.topology() + " failed to start earlier in this run"
                + " (for " + firstClass + "), so it is not started again for " + testClass + ". First failure: "
                + failure, failure);
    }

    private static TestAbortedException skipped(String reason) {
        return new TestAbortedException("No engine can run a netlab lab here, so the class is skipped: " + reason
                + " (set netlabjunit.unavailable=fail to fail instead)");
    }

    /** Whether the lab has been asked for (started, or tried) in this session and not released since. */
    synchronized boolean isInUse() {
        return attempted && !releasedEarly;
    }

    /**
     * Before this lab starts, closes every other lab of the session that is up: with the classes of each lab run
     * together ({@link NetlabConfiguration#labsRunOneAfterAnother()}) none of them is needed again, and on a host
     * where one lab runs at a time (netlab's {@code default} instance) the next could not start beside them.
     */
    void releaseOtherLabs() {
        for (SharedLab other : summary.labs()) {
            if (other != this) {
                other.releaseEarly();
            }
        }
    }

    private synchronized void releaseEarly() {
        dev.netlabjunit.fixture.Lab current = lab;
        if (current == null || failure != null || releasedEarly || !current.isRunning()) {
            return;
        }
        System.err.println("[netlab-junit] lab " + current.labKey() + " (" + definition.topology().getFileName()
                + ") released: its classes are done and the class orderer has moved on to the next lab");
        releasedEarly = true;
        close();
    }

    /** Whether this call is the first for a started lab (report entries are published once per class). */
    synchronized boolean markReported() {
        boolean first = !reported;
        reported = true;
        return first;
    }

    SessionSummary summary() {
        return summary;
    }

    LabDefinition definition() {
        return definition;
    }

    synchronized Optional<Duration> bringUp() {
        return Optional.ofNullable(bringUp);
    }

    synchronized List<String> classesServed() {
        return new ArrayList<>(classesServed);
    }

    synchronized Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }

    Optional<dev.netlabjunit.fixture.Lab> lab() {
        return Optional.ofNullable(lab);
    }

    /** The clean path. */
    @Override
    public void close() {
        dev.netlabjunit.fixture.Lab current = lab;
        if (current == null) {
            return;
        }
        try {
            current.close();
        } catch (RuntimeException e) {
            // A store close that throws is reported against the engine, not a test; the record remains for the
            // sweep, and the summary names the problem.
            System.err.println("[netlab-junit] closing lab " + definition.topology() + " failed: " + e);
        }
    }

    @Override
    public String toString() {
        return "SharedLab[" + definition.topology().getFileName() + ", " + definition.identity().shortText() + "]";
    }
}
