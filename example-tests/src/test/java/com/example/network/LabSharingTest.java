package com.example.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.netlabjunit.fixture.Lab;

/**
 * Every {@code @TwoRouterLab} class of this run got the same running lab (started once). Runs after the other
 * classes: {@code junit-platform.properties} orders classes by {@link Order}, and this one comes last.
 *
 * <p>The extension's end-of-session summary on stderr says the same from its side:
 * {@code lab n6wzxd8r4 two-routers.yml [...]: up in 175 ms, served 5 class(es) [...], torn down by the clean path}.
 */
@TwoRouterLab
@Order(Integer.MAX_VALUE)
class LabSharingTest {

    @Test
    void everyClassOfThisRunGotTheSameLab(Lab lab) {
        Map<String, String> seen = LabKeys.recorded();
        // Run alone (-Dtest=LabSharingTest) there is nothing to compare with.
        assumeTrue(seen.size() >= 2, "only " + seen.keySet() + " ran before this class");

        assertThat(seen).containsKeys("AddressingTest", "ReachabilityTest", "ServiceOnNodeTest");
        assertThat(seen.values()).as("lab key per class: %s", seen).containsOnly(lab.labKey());
    }
}
