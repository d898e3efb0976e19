package dev.netlabjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

import dev.netlabjunit.lab.EngineChoice;
import dev.netlabjunit.lab.EngineUnavailableException;

/** What a class sees when no engine can run: a skip with the reason, or (if so configured) a cached failure. */
class UnavailableEngineTest {

    @NetlabLab(value = "topologies/two-routers.yml", engine = EngineChoice.NETLAB)
    static class First {
        @Test
        void t() {
        }
    }

    @NetlabLab(value = "topologies/two-routers.yml", engine = EngineChoice.NETLAB)
    static class Second {
        @Test
        void t() {
        }
    }

    @NetlabLab(value = "topologies/two-routers.yml", engine = EngineChoice.NETLAB)
    static class Third {
        @Test
        void t(dev.netlabjunit.fixture.Lab lab) {
        }
    }

    @EnabledIfNetlabAvailable(engine = EngineChoice.NETLAB)
    static class NeedsNetlab {
        @Test
        void t() {
        }
    }

    @TempDir
    Path stateRoot;

    private EngineExecutionResults run(String unavailable, Class<?>... classes) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("netlabjunit.netlab.executable", "/nonexistent/bin/netlab")
                .configurationParameter("netlabjunit.state.root", stateRoot.toString())
                .configurationParameter("netlabjunit.unavailable", unavailable)
                .selectors(java.util.Arrays.stream(classes).map(c -> selectClass(c))
                        .toArray(org.junit.platform.engine.DiscoverySelector[]::new))
                .execute();
    }

    @Test
    void skipsEveryClassWithTheReasonByDefault() {
        EngineExecutionResults results = run("skip", First.class, Second.class, Third.class);
        List<Event> aborted = results.containerEvents().aborted().list();
        assertThat(aborted).hasSize(3);
        for (Event e : aborted) {
            Throwable why = e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class)
                    .getThrowable().orElseThrow();
            assertThat(why).isInstanceOf(org.opentest4j.TestAbortedException.class)
                    .hasMessageContaining("No engine can run a netlab lab here")
                    .hasMessageContaining("netlabjunit.unavailable=fail");
        }
        results.testEvents().assertStatistics(s -> s.started(0));
        assertNothingLeft();
    }

    @Test
    void failModeFailsTheFirstClassWithTheCauseAndTheOthersAtOnceWithItAsCause() {
        EngineExecutionResults results = run("fail", First.class, Second.class, Third.class);
        List<Throwable> failures = results.containerEvents().failed().list().stream()
                .map(e -> e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .getThrowable().orElseThrow())
                .toList();
        assertThat(failures).hasSize(3);
        Throwable original = failures.get(0);
        assertThat(original).isInstanceOf(EngineUnavailableException.class);
        for (Throwable later : failures.subList(1, 3)) {
            assertThat(later).hasMessageContaining("failed to start earlier in this run")
                    .hasMessageContaining(First.class.getName());
            assertThat(later.getCause()).as("the original failure, not a second attempt").isSameAs(original);
        }
        assertNothingLeft();
    }

    @Test
    void conditionSkipsWithAReasonNamingWhatIsMissing() {
        EngineExecutionResults results = run("skip", NeedsNetlab.class);
        Event skipped = results.containerEvents().skipped().list().get(0);
        assertThat(skipped.getType()).isEqualTo(EventType.SKIPPED);
        assertThat(skipped.getRequiredPayload(String.class)).startsWith("No netlab engine available: ");
        results.testEvents().assertStatistics(s -> s.started(0));
    }

    private void assertNothingLeft() {
        Path owners = stateRoot.resolve("owners");
        if (Files.isDirectory(owners)) {
            assertThat(owners.toFile().list()).isEmpty();
        }
    }
}
