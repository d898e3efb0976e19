package com.example.network;

import dev.netlabjunit.junit.NetlabLab;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.netlabjunit.fixture.Lab;
import dev.netlabjunit.lab.ExecResult;
import dev.netlabjunit.routing.Frr;

/**
 * A routed lab: OSPF inside AS 65001, IBGP over its loopbacks, EBGP to AS 65002. The lab comes up configured; the
 * class waits once for convergence (netlab's timers: one OSPF hello is 10 s), then asserts what an operator would
 * check with vtysh.
 */
@NetlabLab("topologies/two-as-routing.yml")
class RoutingTest {

    private static final Duration CONVERGENCE = Duration.ofSeconds(90);

    @BeforeAll
    static void converged(Lab lab) {
        Frr.awaitOspfFull(lab, "r2", 2, CONVERGENCE);
        Frr.awaitOspfFull(lab, "r3", 2, CONVERGENCE);
        for (String node : List.of("r1", "r2", "r3", "r4", "r5")) {
            Frr.awaitBgpEstablished(lab, node, CONVERGENCE);
        }
        Frr.awaitRoute(lab, "r1", "10.0.0.5/32", CONVERGENCE);
    }

    @Test
    void ospfNeighboursAreFullAlongTheChain(Lab lab) {
        assertThat(Frr.ospfFullNeighbors(lab, "r3")).containsExactlyInAnyOrder("10.0.0.2", "10.0.0.4");
        // No OSPF across the AS boundary: r4's only OSPF neighbour is r3.
        assertThat(Frr.ospfFullNeighbors(lab, "r4")).containsExactly("10.0.0.3");
    }

    @Test
    void bgpSessionsAreEstablished(Lab lab) {
        assertThat(Frr.bgpEstablishedPeers(lab, "r1")).containsExactlyInAnyOrder("10.0.0.2", "10.0.0.3", "10.0.0.4");
        String r4OnLink = lab.node("r4").interfacesTo("r5").get(0).ipv4Address().orElseThrow();
        assertThat(Frr.bgpEstablishedPeers(lab, "r5")).containsExactly(r4OnLink);
    }

    @Test
    void r1LearnsR5LoopbackWithItsAsPath(Lab lab) {
        Map<String, Object> route = Frr.show(lab, "r1", "bgp ipv4 unicast 10.0.0.5/32");

        assertThat(route.get("paths")).asList().singleElement()
                .satisfies(path -> {
                    Map<?, ?> p = (Map<?, ?>) path;
                    assertThat(((Map<?, ?>) p.get("aspath")).get("string")).isEqualTo("65002");
                    // IBGP with next-hop-self: the next hop is r4's loopback.
                    assertThat(p.get("nexthops").toString()).contains("10.0.0.4");
                });
    }

    @Test
    void loopbacksReachEachOtherAcrossThreeHops(Lab lab) {
        ExecResult ping = lab.exec("r1", "ping", "-c", "1", "-W", "2", "-I", "10.0.0.1", "10.0.0.4");
        assertThat(ping.exitCode()).as(ping.stdout()).isZero();

        // Three routers away: a TTL of 2 expires on the way.
        assertThat(lab.exec("r1", "ping", "-c", "1", "-W", "2", "-t", "2", "10.0.0.4").exitCode()).isNotZero();
    }

    @Test
    void vtyshWorksInsideTheNodeAsOnAContainer(Lab lab) {
        ExecResult r = lab.exec("r5", "vtysh", "-c", "show ip route 10.0.0.4/32");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains("Routing entry for 10.0.0.4/32", "bgp");
    }
}
