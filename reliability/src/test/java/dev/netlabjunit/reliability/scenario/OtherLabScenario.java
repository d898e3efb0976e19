package dev.netlabjunit.reliability.scenario;

import org.junit.jupiter.api.Test;

import dev.netlabjunit.junit.NetlabLab;

/** A test class of the kill matrix's test project (see {@link Scenario}). */
@NetlabLab("topologies/two-routers.yml")
public class OtherLabScenario {

    @Test
    void runsAgainstTheLab(dev.netlabjunit.fixture.Lab lab) throws Exception {
        Scenario.run(lab);
    }
}
