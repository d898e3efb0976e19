package com.example.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.netlabjunit.fixture.Lab;
import dev.netlabjunit.lab.ExecResult;

/**
 * An integration test (Failsafe, {@code *IT}) on the same topology: a path across two hops, h1 → r2 → r1's
 * loopback. With no routing protocol running, every hop needs a static route: h1 and r2 towards r1's loopback,
 * r1 back towards the LAN. The test adds them with {@code ip route} and removes them afterwards, so other classes
 * sharing the lab see it as it was.
 *
 * <p>Failsafe runs in its own JVM, so this class gets its own lab (one per launcher session), started after
 * Surefire's has been torn down.
 */
@TwoRouterLab
class RoutedPathIT {

    private static final Duration EXEC_BOUND = Duration.ofSeconds(5);
    private static final String LAN = "172.16.0.0/24";

    // A null instance field of the fixture's type is filled in after construction.
    Lab lab;

    @Test
    void h1ReachesR1LoopbackThroughR2OnceRoutesExist() {
        String r1Loopback = lab.node("r1").loopbackAddress().orElseThrow();
        String r1OnP2p = lab.node("r1").interfacesTo("r2").get(0).ipv4Address().orElseThrow();
        String r2OnP2p = lab.node("r2").interfacesTo("r1").get(0).ipv4Address().orElseThrow();
        String r2OnLan = lab.node("r2").interfacesTo("h1").get(0).ipv4Address().orElseThrow();
        if (lab.engineName().equals("embedded")) {
            // The embedded engine runs no routing daemon: without routes there is no path.
            assertThat(ping("h1", r1Loopback).succeeded()).as("ping before adding routes").isFalse();
        }

        run("h1", "ip", "route", "replace", r1Loopback + "/32", "via", r2OnLan);
        run("r2", "ip", "route", "replace", r1Loopback + "/32", "via", r1OnP2p);
        run("r1", "ip", "route", "replace", LAN, "via", r2OnP2p);

        assertThat(ping("h1", r1Loopback).exitCode()).isZero();
    }

    @AfterEach
    void removeRoutes() {
        // Best effort, bounded: a route that was never added is not an error here.
        String r1Loopback = lab.node("r1").loopbackAddress().orElseThrow() + "/32";
        lab.exec("h1", EXEC_BOUND, "ip", "route", "del", r1Loopback);
        lab.exec("r2", EXEC_BOUND, "ip", "route", "del", r1Loopback);
        lab.exec("r1", EXEC_BOUND, "ip", "route", "del", LAN);
    }

    private void run(String node, String... argv) {
        lab.exec(node, EXEC_BOUND, argv).orThrow();
    }

    private ExecResult ping(String from, String address) {
        ExecResult result = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            result = lab.exec(from, EXEC_BOUND, "ping", "-c", "1", "-W", "1", address);
            if (result.succeeded()) {
                break;
            }
        }
        return result;
    }
}
