package dev.netlabjunit.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apiguardian.api.API;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.netlabjunit.bench.trivial.TrivialTest;
import dev.netlabjunit.junit.SweepListener;

/**
 * Item 1, in process: what {@link SweepListener} does in every test JVM (session opened, then the first
 * {@code testPlanExecutionStarted}) when the state root does not exist. The listener sweeps once per JVM; the
 * benchmark re-arms it before each call. {@code warm} is the steady state; {@code cold} is the first call in a
 * fresh JVM, class loading included, which is what a user's test run actually pays.
 */
@API(status = API.Status.INTERNAL)
@State(Scope.Benchmark)
public class ListenerBenchmark {

    private final List<TestExecutionListener> registered = new ArrayList<>();
    private SweepListener listener;
    private LauncherSession session;
    private TestPlan plan;
    private AtomicBoolean swept;
    private Path temp;

    @Setup
    public void setUp() throws Exception {
        temp = Files.createTempDirectory("nlj-bench-listener");
        Path missing = temp.resolve("state-never-created");
        plan = LauncherFactory.create().discover(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(TrivialTest.class))
                .configurationParameter("netlabjunit.state.root", missing.toString())
                .build());
        Launcher launcher = (Launcher) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Launcher.class}, (proxy, method, args) -> {
                    if (method.getName().equals("registerTestExecutionListeners")) {
                        for (Object l : (Object[]) args[0]) {
                            registered.add((TestExecutionListener) l);
                        }
                    }
                    return null;
                });
        session = (LauncherSession) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {LauncherSession.class},
                (proxy, method, args) -> method.getName().equals("getLauncher") ? launcher : null);
        listener = new SweepListener();
        Field f = SweepListener.class.getDeclaredField("SWEPT");
        f.setAccessible(true);
        swept = (AtomicBoolean) f.get(null);
    }

    @TearDown
    public void removeTemp() throws java.io.IOException {
        if (Files.exists(temp.resolve("state-never-created"))) {
            throw new IllegalStateException("the sweep created the state root " + temp);
        }
        Files.delete(temp);
    }

    private int firstExecution() {
        swept.set(false);
        registered.clear();
        listener.launcherSessionOpened(session);
        for (TestExecutionListener l : registered) {
            l.testPlanExecutionStarted(plan);
        }
        if (!swept.get()) {
            throw new IllegalStateException("the sweep did not run");
        }
        return registered.size();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Fork(1)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public int warm() {
        return firstExecution();
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Fork(10)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public int cold() {
        return firstExecution();
    }
}
