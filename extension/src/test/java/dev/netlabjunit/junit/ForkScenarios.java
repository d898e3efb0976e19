package dev.netlabjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.junit.jupiter.api.Test;

import dev.netlabjunit.lab.EngineChoice;

/**
 * Test classes run inside forked JVMs by {@link ForkedEndingsTest} (never by Surefire directly: nested classes
 * are not discovered). Each writes its lab key to {@code scenario.ready} once the lab is up; {@code scenario.mode}
 * says how the JVM then ends.
 */
final class ForkScenarios {

    private ForkScenarios() {
    }

    @NetlabLab("topologies/two-routers.yml")
    static class UsesLab {
        @Test
        void runsAgainstTheLab(dev.netlabjunit.fixture.Lab lab) throws Exception {
            assertThat(lab.isRunning()).isTrue();
            assertThat(lab.nodes()).hasSize(2);
            afterReady(lab.labKey());
        }
    }

    static class NeverReleases {
        @Test
        void startsALabAndForgetsIt() throws Exception {
            Path topology = Path.of(ForkScenarios.class.getResource("/topologies/two-routers.yml").toURI());
            dev.netlabjunit.fixture.Lab lab = new dev.netlabjunit.fixture.Lab(topology)
                    .withEngine(EngineChoice.NETLAB)
                    .withNetlabExecutable(Path.of(System.getProperty("netlabjunit.netlab.executable")))
                    .withStateRoot(Path.of(System.getProperty("netlabjunit.state.root")))
                    .withOutput(System.err::println);
            for (String name : System.getProperties().stringPropertyNames()) {
                if (name.startsWith(NetlabConfiguration.ENVIRONMENT_PREFIX)) {
                    lab.withEnvironment(name.substring(NetlabConfiguration.ENVIRONMENT_PREFIX.length()),
                            System.getProperty(name));
                }
            }
            lab.start();
            afterReady(lab.labKey());
            // no close(): only the shutdown hook can remove it
        }
    }

    @NetlabLab("topologies/two-routers.yml")
    static class ChecksTheSweep {
        @Test
        void theDeadRunsLabIsGoneBeforeTheFirstTest(dev.netlabjunit.fixture.Lab lab) throws Exception {
            String old = System.getProperty("scenario.oldKey");
            Path owners = Path.of(System.getProperty("netlabjunit.state.root"), "owners");
            assertThat(owners.resolve(old + ".record")).doesNotExist();
            assertThat(lab.labKey()).isNotEqualTo(old);
            afterReady(lab.labKey());
        }
    }

    private static void afterReady(String labKey) throws IOException, InterruptedException {
        Path ready = Path.of(System.getProperty("scenario.ready"));
        Path temp = ready.resolveSibling(ready.getFileName() + ".tmp");
        Files.writeString(temp, labKey);
        Files.move(temp, ready, StandardCopyOption.ATOMIC_MOVE);
        switch (System.getProperty("scenario.mode", "end")) {
            case "exit" -> System.exit(1);
            case "block" -> {
                // Wait for the signal; bounded so a broken test cannot leave a JVM behind forever.
                for (int i = 0; i < 1200; i++) {
                    Thread.sleep(100);
                }
            }
            default -> {
            }
        }
    }
}
