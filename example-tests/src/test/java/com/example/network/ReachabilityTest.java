package com.example.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.netlabjunit.fixture.Lab;
import dev.netlabjunit.junit.Node;
import dev.netlabjunit.lab.ExecResult;
import dev.netlabjunit.lab.LabNode;

/**
 * Traffic between directly connected nodes: across the p2p link and across the LAN. Multi-hop paths need routes
 * (see {@code RoutedPathIT}). Every ping is one packet with a one-second wait, run at most three times.
 */
@TwoRouterLab
class ReachabilityTest {

    private static final int ATTEMPTS = 3;

    private final Lab lab;

    // Constructor injection works too.
    ReachabilityTest(Lab lab) {
        this.lab = lab;
    }

    @BeforeAll
    static void recordLab(Lab lab) {
        LabKeys.record(ReachabilityTest.class, lab.labKey());
    }

    @BeforeEach
    void theLabIsUp() {
        // A lab that died is a failure, not a reason to skip: skipped pings would let a broken run look green.
        assertThat(lab.isRunning()).as("lab %s is running", lab.labKey()).isTrue();
    }

    @Test
    void r1PingsR2AcrossThePointToPointLink(@Node("r2") LabNode r2) {
        String peer = r2.iface("eth1").ipv4Address().orElseThrow();

        assertThat(ping("r1", peer).exitCode()).isZero();
    }

    @ParameterizedTest(name = "{0} -> {1} on the LAN")
    @CsvSource({"h1, h2", "h2, h1", "h1, r2", "r2, h2"})
    void lanMembersReachEachOther(String from, String to) {
        String address = lab.node(to).interfacesTo(from).get(0).ipv4Address().orElseThrow();

        assertThat(ping(from, address).exitCode()).isZero();
    }

    @Test
    void anAddressNobodyHasDoesNotAnswer() {
        // Same LAN, unused host part: proves a ping can fail here, so the passing ones mean something.
        ExecResult result = lab.exec("h1", Duration.ofSeconds(5), "ping", "-c", "1", "-W", "1", "172.16.0.99");

        assertThat(result.exitCode()).isNotZero();
    }

    private ExecResult ping(String from, String address) {
        ExecResult result = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            result = lab.exec(from, Duration.ofSeconds(5), "ping", "-c", "1", "-W", "1", address);
            if (result.succeeded()) {
                break;
            }
        }
        return result;
    }
}
