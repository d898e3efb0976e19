package com.example.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.netlabjunit.fixture.Lab;
import dev.netlabjunit.junit.Node;
import dev.netlabjunit.lab.LabInterface;
import dev.netlabjunit.lab.LabNode;

/**
 * The addresses netlab assigns to {@code two-routers.yml} (node ids in the order of {@code nodes:}, p2p /30s from
 * 10.1.0.0/16, LAN /24s from 172.16.0.0/16 with the node id as host part), as the lab reports them and as the
 * nodes' kernels really have them.
 */
@TwoRouterLab
class AddressingTest {

    // Static: filled before @BeforeAll runs.
    static Lab lab;

    // Instance fields: filled right after each test instance is constructed.
    @Node("r1") LabNode r1;
    @Node("r2") LabNode r2;

    @BeforeAll
    static void recordLab() {
        LabKeys.record(AddressingTest.class, lab.labKey());
    }

    @Test
    void routersHaveLoopbacksHostsDoNot(@Node("h1") LabNode h1) {
        assertThat(r1.loopbackIpv4()).contains("10.0.0.1/32");
        assertThat(r2.loopbackIpv4()).contains("10.0.0.2/32");
        assertThat(h1.loopbackIpv4()).isEmpty();
    }

    @Test
    void pointToPointLinkUsesA30() {
        LabInterface r1Side = r1.iface("eth1");
        assertThat(r1Side.type()).isEqualTo("p2p");
        assertThat(r1Side.neighbors()).containsExactly("r2");
        assertThat(r1Side.ipv4()).contains("10.1.0.1/30");
        assertThat(r2.iface("eth1").ipv4()).contains("10.1.0.2/30");
    }

    @Test
    void lanMembersGetTheirNodeIdAsHostPart(@Node("h1") LabNode h1, @Node("h2") LabNode h2) {
        assertThat(r2.iface("eth2").ipv4()).contains("172.16.0.2/24");
        assertThat(h1.iface("eth1").ipv4()).contains("172.16.0.3/24");
        assertThat(h2.iface("eth1").ipv4()).contains("172.16.0.4/24");
        assertThat(h1.iface("eth1").type()).isEqualTo("lan");
        assertThat(h1.iface("eth1").neighbors()).containsExactlyInAnyOrder("r2", "h2");
    }

    @Test
    void everyNodeHasItsOwnManagementAddress() {
        List<String> mgmt = lab.nodes().stream().map(n -> n.mgmtIpv4().orElseThrow()).toList();
        assertThat(mgmt).hasSize(4).doesNotHaveDuplicates();
    }

    @Test
    void nodesReallyHaveTheReportedAddresses() {
        for (LabNode node : lab.nodes()) {
            for (LabInterface iface : node.interfaces()) {
                String configured = lab.exec(node.name(), "ip", "-4", "-o", "addr", "show", "dev", iface.ifname())
                        .orThrow().stdout();
                assertThat(configured).as("%s %s", node.name(), iface.ifname())
                        .contains("inet " + iface.ipv4().orElseThrow() + " ");
            }
        }
    }
}
