package dev.netlabjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.netlabjunit.lab.EngineChoice;

class NetlabConfigurationTest {

    @Test
    void defaultsWhenNothingIsSet() {
        NetlabConfiguration c = NetlabConfiguration.of(Map.of());
        assertThat(c.hookTimeout()).isEqualTo(Duration.ofSeconds(25));
        assertThat(c.sweepEnabled()).isTrue();
        assertThat(c.unavailable()).isEqualTo(NetlabConfiguration.Unavailable.SKIP);
        assertThat(c.engine()).isEmpty();
        assertThat(c.startupTimeout()).isEmpty();
        assertThat(c.teardownTimeout()).isEmpty();
        assertThat(c.stateRoot()).isEmpty();
        assertThat(c.netlabExecutable()).isEmpty();
        assertThat(c.environment()).isEmpty();
    }

    @Test
    void readsEveryKey() {
        NetlabConfiguration c = NetlabConfiguration.of(Map.of(
                "netlabjunit.netlab.executable", "/opt/netlab/bin/netlab",
                "netlabjunit.state.root", "/tmp/state",
                "netlabjunit.engine", "Embedded",
                "netlabjunit.startup.timeout", "15m",
                "netlabjunit.teardown.timeout", "90",
                "netlabjunit.hook.timeout", "PT20S",
                "netlabjunit.sweep.enabled", "false",
                "netlabjunit.unavailable", "FAIL",
                "netlabjunit.environment.HOME", "/tmp/home",
                "netlabjunit.environment.NETLAB_DEVICE", "frr"));
        assertThat(c.netlabExecutable()).contains(Path.of("/opt/netlab/bin/netlab"));
        assertThat(c.stateRoot()).contains(Path.of("/tmp/state"));
        assertThat(c.engine()).contains(EngineChoice.EMBEDDED);
        assertThat(c.startupTimeout()).contains(Duration.ofMinutes(15));
        assertThat(c.teardownTimeout()).contains(Duration.ofSeconds(90));
        assertThat(c.hookTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.sweepEnabled()).isFalse();
        assertThat(c.unavailable()).isEqualTo(NetlabConfiguration.Unavailable.FAIL);
        assertThat(c.environment()).containsExactly(Map.entry("HOME", "/tmp/home"),
                Map.entry("NETLAB_DEVICE", "frr"));
    }

    @Test
    void durationForms() {
        assertThat(hook("1.5")).isEqualTo(Duration.ofMillis(1500));
        assertThat(hook("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(hook(" 90s ")).isEqualTo(Duration.ofSeconds(90));
        assertThat(hook("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(hook("pt3m")).isEqualTo(Duration.ofMinutes(3));
    }

    private static Duration hook(String text) {
        return NetlabConfiguration.of(Map.of("netlabjunit.hook.timeout", text)).hookTimeout();
    }

    @Test
    void malformedValuesNameTheKeyAndWhatIsAccepted() {
        assertThatThrownBy(() -> NetlabConfiguration.of(Map.of("netlabjunit.hook.timeout", "soon")).hookTimeout())
                .hasMessageContaining("netlabjunit.hook.timeout=soon").hasMessageContaining("90s");
        assertThatThrownBy(() -> NetlabConfiguration.of(Map.of("netlabjunit.startup.timeout", "0")).startupTimeout())
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> NetlabConfiguration.of(Map.of("netlabjunit.unavailable", "ignore")).unavailable())
                .hasMessageContaining("skip or fail");
        assertThatThrownBy(() -> NetlabConfiguration.of(Map.of("netlabjunit.engine", "docker")).engine())
                .hasMessageContaining("auto, netlab or embedded");
        assertThatThrownBy(() -> NetlabConfiguration.of(Map.of("netlabjunit.sweep.enabled", "maybe")).sweepEnabled())
                .hasMessageContaining("true or false");
    }

    @Test
    void durationsFollowTheExactGrammar() {
        // "1d" was read as one second (Java's number parser takes a 'd' suffix); "0.0001" as zero.
        assertThatThrownBy(() -> NetlabConfiguration.of(Map.of("netlabjunit.startup.timeout", "1d")).startupTimeout())
                .hasMessageContaining("netlabjunit.startup.timeout=1d").hasMessageContaining("\"500ms\"");
        assertThatThrownBy(() -> NetlabConfiguration.of(Map.of("netlabjunit.sweep.timeout", "0.0001")).sweepTimeout())
                .hasMessageContaining("netlabjunit.sweep.timeout=0.0001")
                .hasMessageContaining("whole number of milliseconds");
        assertThat(NetlabConfiguration.of(Map.of("netlabjunit.lease.timeout", "0.001")).leaseTimeout())
                .contains(Duration.ofMillis(1));
    }

    @Test
    void aPathThatIsNoPathNamesTheKey() {
        assertThatThrownBy(() -> NetlabConfiguration.of(Map.of("netlabjunit.netlab.executable", "/a\u0000b"))
                .validate()).hasMessageContaining("netlabjunit.netlab.executable=").hasMessageContaining("path");
    }

    @Test
    void blankValuesCountAsUnset() {
        NetlabConfiguration c = NetlabConfiguration.of(Map.of("netlabjunit.engine", "  ",
                "netlabjunit.environment.", "x"));
        assertThat(c.engine()).isEmpty();
        assertThat(c.environment()).isEmpty();
    }

    @Test
    void reuseIsOffByDefaultAndItsSettingsFollowTheGrammar() {
        NetlabConfiguration none = NetlabConfiguration.of(Map.of());
        assertThat(none.reuse()).isFalse();
        assertThat(none.reuseForced()).isFalse();
        assertThat(none.reuseIdle()).isEqualTo(Duration.ofMinutes(30));
        NetlabConfiguration on = NetlabConfiguration.of(Map.of("netlabjunit.reuse", "yes",
                "netlabjunit.reuse.idle", "90s"));
        assertThat(on.reuse()).isTrue();
        assertThat(on.reuseIdle()).isEqualTo(Duration.ofSeconds(90));
        assertThat(NetlabConfiguration.of(Map.of("netlabjunit.reuse.force", "true")).reuse())
                .as("forcing turns reuse on").isTrue();
        assertThatThrownBy(() -> NetlabConfiguration.of(Map.of("netlabjunit.reuse.idle", "8d")).validate())
                .hasMessageContaining("netlabjunit.reuse.idle=8d");
        assertThatThrownBy(() -> NetlabConfiguration.of(Map.of("netlabjunit.reuse", "maybe")).validate())
                .hasMessageContaining("netlabjunit.reuse=maybe");
    }
}
