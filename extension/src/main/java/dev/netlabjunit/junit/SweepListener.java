package dev.netlabjunit.junit;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apiguardian.api.API;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

import dev.netlabjunit.internal.engine.EngineSelector;
import dev.netlabjunit.internal.lifecycle.LabEvent;
import dev.netlabjunit.internal.lifecycle.LabEventPrinter;
import dev.netlabjunit.internal.lifecycle.LabOutput;
import dev.netlabjunit.internal.lifecycle.LiveLabs;
import dev.netlabjunit.internal.lifecycle.StaleLabs;
import dev.netlabjunit.internal.lifecycle.StateRoot;
import dev.netlabjunit.lab.TeardownReport;
import dev.netlabjunit.internal.process.Deadline;

/**
 * The stale sweep: before the first test of a JVM runs, labs left behind by dead JVMs (SIGKILL, a halted fork, a
 * hook cut off) are torn down through the same {@code Teardown} as the other two paths.
 *
 * <p>Registered through {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}. Opening a
 * session only registers a test execution listener: sessions are also opened for discovery alone (the Maven JVM,
 * IDEs listing tests), and those must pay nothing. The sweep itself runs at the first
 * {@code testPlanExecutionStarted} of the JVM. It touches only records whose owner process is gone, never a lab
 * of a live JVM; with nothing stale it costs one directory listing, starts no process and creates no state root.
 * It prints one line per lab it removes. {@code netlabjunit.sweep.enabled=false} turns it off.
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class SweepListener implements LauncherSessionListener {

    private static final AtomicBoolean SWEPT = new AtomicBoolean();

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        session.getLauncher().registerTestExecutionListeners(new FirstExecution());
    }

    /** Reacts to test execution, never to discovery. */
    private static final class FirstExecution implements TestExecutionListener {

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            try {
                ConfigurationParameters parameters = testPlan.getConfigurationParameters();
                NetlabConfiguration.rememberLauncherKeys(parameters.keySet());
                NetlabConfiguration config = NetlabConfiguration.lookingUp(parameters::get, parameters.keySet());
                LiveLabs.setHookBudget(config.hookTimeout());
                if (config.sweepEnabled() && SWEPT.compareAndSet(false, true)) {
                    sweep(config.stateRoot().orElse(StateRoot.defaultPath()), Deadline.after(config.sweepTimeout()),
                            config.netlabExecutable());
                }
            } catch (RuntimeException e) {
                // A broken setting is reported by the extension where a test sees it; the sweep just says why it
                // did not run.
                System.err.println("[netlab-junit] sweep skipped: " + e.getMessage());
            }
        }
    }

    static List<TeardownReport> sweep(Path stateRoot, Deadline deadline, java.util.Optional<Path> netlabExecutable) {
        // The netlab program is the configured one, never one named in a record.
        return StaleLabs.sweep(stateRoot, name -> EngineSelector.forName(name, netlabExecutable),
                EngineSelector::orphans, deadline, new SweepOutput());
    }

    /**
     * Prints the sweep's own events (one naming each lab it removes or leaves, kept labs included). Teardown
     * events are on stderr already: the teardown prints its steps itself.
     */
    private static final class SweepOutput implements LabOutput {
        @Override
        public void event(LabEvent event) {
            if (event.phase() == LabEvent.Phase.SWEEP || event.phase() == LabEvent.Phase.REUSE) {
                LabEventPrinter.print(event);
            }
        }

        @Override
        public void accept(String line) {
            // No line but events comes from a sweep (the engine's steps reach it as teardown events).
        }
    }
}
