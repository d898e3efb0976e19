package com.example.network;

import dev.netlabjunit.junit.NetlabLab;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.netlabjunit.fixture.Lab;
import dev.netlabjunit.junit.Node;
import dev.netlabjunit.lab.LabNode;

@NetlabLab("topologies/two-routers.yml")
class ReadmeExampleTest {

    @Test
    void r1ReachesR2(Lab lab, @Node("r2") LabNode r2) {
        String peer = r2.iface("eth1").ipv4Address().orElseThrow();

        assertThat(lab.exec("r1", "ping", "-c", "1", "-W", "1", peer).exitCode()).isZero();
    }
}
