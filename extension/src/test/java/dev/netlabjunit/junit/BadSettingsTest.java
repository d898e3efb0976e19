package dev.netlabjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Settings that cannot be honoured fail the class that uses the extension, naming the setting: they are neither
 * ignored (the sweep's own key) nor worked around (a netlab program that is not there, with the automatic engine
 * choice, used to run the lab on the embedded engine instead).
 */
class BadSettingsTest {

    /** The automatic engine choice (the annotation's default). */
    @NetlabLab("topologies/two-routers.yml")
    static class AutoEngine {
        @Test
        void t() {
        }
    }

    @TempDir
    Path stateRoot;

    private EngineExecutionResults run(Map<String, String> parameters) {
        var kit = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("netlabjunit.state.root", stateRoot.toString())
                .configurationParameter("netlabjunit.unavailable", "skip");
        parameters.forEach(kit::configurationParameter);
        return kit.selectors(selectClass(AutoEngine.class)).execute();
    }

    private static List<Throwable> classFailures(EngineExecutionResults results) {
        return results.containerEvents().failed().list().stream()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
                .toList();
    }

    @Test
    void aNetlabProgramThatIsNotThereFailsInsteadOfFallingBackToTheEmbeddedEngine() {
        EngineExecutionResults results = run(Map.of("netlabjunit.netlab.executable", "/nonexistent"));
        assertThat(classFailures(results)).singleElement().satisfies(t -> assertThat(t)
                .hasMessageContaining("/nonexistent")
                .hasMessageContaining("netlabjunit.netlab.executable")
                .hasMessageContaining("does not exist"));
        assertThat(results.containerEvents().aborted().count()).as("not a skip").isZero();
        results.testEvents().assertStatistics(s -> s.started(0));
        assertNoRecords();
    }

    @Test
    void aMalformedSweepSwitchFailsLikeAnyOtherBadKey() {
        EngineExecutionResults results = run(Map.of("netlabjunit.sweep.enabled", "maybe"));
        assertThat(classFailures(results)).singleElement().satisfies(t -> assertThat(t)
                .hasMessageContaining("netlabjunit.sweep.enabled=maybe")
                .hasMessageContaining("true or false"));
        results.testEvents().assertStatistics(s -> s.started(0));
        assertNoRecords();
    }

    private void assertNoRecords() {
        Path owners = stateRoot.resolve("owners");
        if (Files.isDirectory(owners)) {
            assertThat(owners.toFile().list()).isEmpty();
        }
    }
}
