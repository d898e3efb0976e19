package com.example.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.netlabjunit.fixture.Lab;

/**
 * Every {@code @TwoRouterLab} class of this run got the same running lab (started once). No class order is
 * needed: each class records its lab through {@link LabKeys}, which compares it with the classes recorded before,
 * so whichever class runs last finds a different lab if there is one.
 *
 * <p>The extension's end-of-session summary on stderr says the same from its side:
 * {@code lab n6wzxd8r4 two-routers.yml [...]: up in 175 ms, served 5 class(es) [...], torn down by the clean path}.
 */
@TwoRouterLab
class LabSharingTest {

    @Test
    void everyClassOfThisRunGotTheSameLab(Lab lab) {
        LabKeys.record(LabSharingTest.class, lab.labKey());

        assertThat(LabKeys.recorded().values()).as("lab key per class: %s", LabKeys.recorded())
                .containsOnly(lab.labKey());
    }
}
