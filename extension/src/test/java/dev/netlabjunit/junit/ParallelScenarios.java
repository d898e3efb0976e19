package dev.netlabjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.junit.jupiter.api.Test;

/**
 * Test classes run inside concurrent forked JVMs by {@link ParallelForksTest}. Each writes its lab key and whether
 * it attached to {@code scenario.ready}, then waits (bounded) for {@code scenario.release} to appear.
 */
final class ParallelScenarios {

    private ParallelScenarios() {
    }

    @NetlabLab("topologies/two-routers.yml")
    static class UsesLab {
        @Test
        void runsAgainstTheLab(dev.netlabjunit.fixture.Lab lab) throws Exception {
            assertThat(lab.isRunning()).isTrue();
            assertThat(lab.nodes()).extracting(n -> n.name()).containsExactly("r1", "r2");
            if ("embedded".equals(lab.engineName())) {
                assertThat(lab.exec("r1", "ip", "-o", "link", "show").exitCode()).isZero();
            }
            Path ready = Path.of(System.getProperty("scenario.ready"));
            Path temp = ready.resolveSibling(ready.getFileName() + ".tmp");
            Files.writeString(temp, lab.labKey() + " " + (lab.isAttached() ? "attached" : "started"));
            Files.move(temp, ready, StandardCopyOption.ATOMIC_MOVE);
            Path release = Path.of(System.getProperty("scenario.release"));
            for (int i = 0; i < 1200 && !Files.exists(release); i++) {
                Thread.sleep(50);
            }
        }
    }
}
