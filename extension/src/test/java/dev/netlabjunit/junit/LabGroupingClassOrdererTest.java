package dev.netlabjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.netlabjunit.standin.RealNetlabWrapper;

/**
 * Several topologies in one JVM on a host where one netlab lab runs at a time (netlab's {@code default}
 * instance): with {@link LabGroupingClassOrderer} each lab comes up once, and is released when the run moves on
 * to the next lab.
 */
class LabGroupingClassOrdererTest {

    /** Class simple names in the order they ran, with the lab each saw and whether the previous lab still ran. */
    static final List<String> RAN = new ArrayList<>();
    static dev.netlabjunit.fixture.Lab previous;

    static void ran(Class<?> c, dev.netlabjunit.fixture.Lab lab) {
        boolean previousRunning = previous != null && previous != lab && previous.isRunning();
        RAN.add(c.getSimpleName() + (previousRunning ? " (previous lab still up)" : ""));
        previous = lab;
    }

    @NetlabLab("topologies/two-routers.yml")
    static class TwoRoutersFirst {
        @Test
        void test(dev.netlabjunit.fixture.Lab lab) {
            ran(getClass(), lab);
        }
    }

    @NetlabLab("topologies/three-routers.yml")
    static class ThreeRouters {
        @Test
        void test(dev.netlabjunit.fixture.Lab lab) {
            assertThat(lab.nodes()).hasSize(3);
            ran(getClass(), lab);
        }
    }

    @NetlabLab("topologies/two-routers.yml")
    static class TwoRoutersSecond {
        @Test
        void test(dev.netlabjunit.fixture.Lab lab) {
            ran(getClass(), lab);
        }
    }

    static class NoLab {
        @Test
        void test() {
            RAN.add("NoLab");
        }
    }

    @TempDir
    Path dir;
    private RealNetlabWrapper netlab;
    private final List<String> properties = new ArrayList<>();

    @BeforeEach
    void install() {
        RAN.clear();
        previous = null;
        netlab = RealNetlabWrapper.install(dir.resolve("netlab"));
        for (Map.Entry<String, String> e : netlab.environment().entrySet()) {
            String key = NetlabConfiguration.ENVIRONMENT_PREFIX + e.getKey();
            System.setProperty(key, e.getValue());
            properties.add(key);
        }
    }

    @AfterEach
    void clearProperties() {
        properties.forEach(System::clearProperty);
        assertThat(netlab.statusEntries()).as("netlab status file").isEmpty();
    }

    private EngineExecutionResults run(boolean grouped) {
        var kit = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("netlabjunit.netlab.executable", netlab.executable().toString())
                .configurationParameter("netlabjunit.state.root", dir.resolve("state").toString())
                .configurationParameter("netlabjunit.engine", "netlab")
                .configurationParameter("netlabjunit.share.scope", "none")
                .configurationParameter("junit.jupiter.testclass.order.default",
                        grouped ? LabGroupingClassOrderer.class.getName() : "org.junit.jupiter.api.ClassOrderer$ClassName")
                .selectors(new DiscoverySelector[] {selectClass(TwoRoutersFirst.class), selectClass(ThreeRouters.class),
                        selectClass(NoLab.class), selectClass(TwoRoutersSecond.class)});
        return kit.execute();
    }

    @Test
    void eachLabComesUpOnceAndIsReleasedWhenTheRunMovesOn() {
        EngineExecutionResults results = run(true);

        results.testEvents().assertStatistics(s -> s.succeeded(4).failed(0));
        // Classes without a lab first, then one group per lab (three-routers sorts before two-routers).
        assertThat(RAN).containsExactly("NoLab", "ThreeRouters", "TwoRoutersFirst", "TwoRoutersSecond");
        assertThat(netlab.invocationCount("up")).isEqualTo(2);
        assertThat(netlab.invocationCount("down")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void withoutTheOrdererTheSecondLabCannotStartBesideTheFirst() {
        EngineExecutionResults results = run(false);

        // By class name: ThreeRouters starts the default instance; the two-router classes cannot get it while it
        // runs (the first is refused, the second fails with the cached failure).
        results.testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(RAN).containsExactly("NoLab", "ThreeRouters");
        assertThat(results.containerEvents().failed().stream().map(e -> e.getPayload(
                org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()
                .getMessage())).hasSize(2).allMatch(m -> m.contains("host lease on netlab instance 'default'")
                || m.contains("failed to start earlier"));
        assertThat(netlab.invocationCount("up")).isEqualTo(1);
    }
}
