package dev.netlabjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netlabjunit.hostile.Crafted;
import dev.netlabjunit.hostile.SecondUser;
import dev.netlabjunit.internal.process.Command;
import dev.netlabjunit.internal.process.Deadline;
import dev.netlabjunit.standin.RealNetlabWrapper;

/**
 * The hostile-host test set (issue 11) against the extension's first test: the {@link SweepListener} of a real
 * forked launcher session meets a state root another user could swap, and crafted owner records. Nothing outside
 * the lab's own names may be touched, and no program named in a record may run. Skipped unless root with
 * {@code runuser}.
 */
class HostileSweepTest {

    // Every netlab call is the real netlab (seconds each, far more on a busy host).
    private static final Duration FORK_LIMIT = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private RealNetlabWrapper netlab;
    private Path marker;
    private final List<Path> foreign = new ArrayList<>();
    private final List<Process> forks = new ArrayList<>();
    private String foreignNamespace;

    @BeforeEach
    void install() {
        SecondUser.assumeAvailable();
        netlab = RealNetlabWrapper.install(dir.resolve("netlab"));
        marker = dir.resolve("evil-ran");
    }

    @AfterEach
    void cleanUp() {
        forks.forEach(Process::destroyForcibly);
        foreign.forEach(SecondUser::remove);
        if (foreignNamespace != null) {
            Command.of("ip", "netns", "del", foreignNamespace).deadline(Deadline.after(Duration.ofSeconds(10))).run();
        }
    }

    @Test
    void aStateRootBelowAnotherUsersDirectoryStopsTheRunWithoutReadingIt() throws Exception {
        Path theirs = SecondUser.directory("nlj-i11-ext");
        foreign.add(theirs);
        Crafted.PlantedStateRoot planted = Crafted.stateRootNamingProgram(theirs, marker);

        ForkedRun run = fork(theirs.resolve("state"), ForkScenarios.UsesLab.class);

        assertThat(run.awaitExit()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("sweep skipped: Cannot use state root " + theirs.resolve("state"))
                .contains(theirs + " belongs to " + SecondUser.NAME);
        assertThat(marker).as("the program the record named").doesNotExist();
        assertThat(planted.record()).hasContent(planted.text());
        assertThat(netlab.statusEntries()).as("no lab was started there").isEmpty();
    }

    @Test
    void craftedRecordsAreReportedAndLeftAloneAndTheRunGoesOn() throws Exception {
        foreignNamespace = "i11e" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        assertThat(Command.of("ip", "netns", "add", foreignNamespace).deadline(Deadline.after(Duration.ofSeconds(10)))
                .run().succeeded()).isTrue();
        Path state = dir.resolve("state");
        Path owners = Files.createDirectories(state.resolve("owners"));
        Files.createDirectories(state.resolve("labs"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
        Path precious = Files.writeString(dir.resolve("precious.txt"), "user data");
        Path embedded = owners.resolve("nabcx0001.record");
        String embeddedText = Crafted.ownerRecord("nabcx0001", "embedded", state.resolve("labs/nabcx0001"), true,
                Map.of("engine.embedded.namespaces", "nlj-nabcx0001," + foreignNamespace));
        Files.writeString(embedded, embeddedText);
        Path traversal = owners.resolve("nabcx0002.record");
        Files.writeString(traversal, Crafted.ownerRecord("../../precious.txt", "embedded", precious, true, Map.of()));

        ForkedRun run = fork(state, ForkScenarios.UsesLab.class);

        assertThat(run.awaitExit()).as(run.output()).isZero();
        assertThat(run.output()).contains("owner record " + embedded + " refused")
                .contains("namespace '" + foreignNamespace + "' is not one lab nabcx0001 would have")
                .contains("owner record " + traversal + " refused");
        assertThat(Files.exists(Path.of("/var/run/netns", foreignNamespace), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(precious).hasContent("user data");
        assertThat(embedded).hasContent(embeddedText);
        assertThat(traversal).exists();
        assertThat(netlab.statusEntries()).as("the run's own lab is gone").isEmpty();
    }

    private ForkedRun fork(Path stateRoot, Class<?>... classes) throws IOException {
        Path ready = dir.resolve("ready-" + forks.size());
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("netlabjunit.state.root", stateRoot.toString());
        properties.put("netlabjunit.netlab.executable", netlab.executable().toString());
        properties.put("netlabjunit.engine", "netlab");
        properties.put("scenario.ready", ready.toString());
        properties.put("scenario.mode", "end");
        ForkedRun run = ForkedRun.start(List.of(), List.of(), properties, netlab, ready,
                dir.resolve("fork-" + forks.size() + ".log"), FORK_LIMIT, classes);
        forks.add(run.process());
        return run;
    }
}
