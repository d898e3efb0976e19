package dev.netlabjunit.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.netlabjunit.reliability.Cell.Ending;
import dev.netlabjunit.reliability.Cell.Engine;
import dev.netlabjunit.reliability.Cell.Phase;
import dev.netlabjunit.reliability.Cell.Runner;
import dev.netlabjunit.reliability.scenario.LabScenario;
import dev.netlabjunit.standin.RealNetlabWrapper;
import dev.netlabjunit.testsupport.ChildProcess;
import dev.netlabjunit.testsupport.LauncherMain;

/**
 * Starts a cell's runs: the settings every run gets, the stand-in's faults that make the cell's phase last long
 * enough to hit, and the runner (a generated Maven project, or a plain JVM with the JUnit launcher).
 */
final class CellLaunch {

    static final int FORK_TIMEOUT_SECONDS = 25;

    private final Cell cell;
    private final CellDir where;
    private final RealNetlabWrapper netlab;
    private final RealNetlabWrapper handNetlab;
    private int runs;

    /** {@code netlab}, {@code handNetlab}: the stand-ins of a stand-in cell, else null. */
    CellLaunch(Cell cell, CellDir where, RealNetlabWrapper netlab, RealNetlabWrapper handNetlab) {
        this.cell = cell;
        this.where = where;
        this.netlab = netlab;
        this.handNetlab = handNetlab;
    }

    /** The first run: the scenario ends the cell's way, with the faults the cell's phase needs. */
    Launched first() throws IOException {
        return launch(cell.scenarioEnding(), "", firstRunFaults(), cell.ending() == Ending.FORK_TIMEOUT);
    }

    /** A run after the first, in the same state root, whose first test checks that {@code oldKeys} are gone. */
    Launched next(List<String> oldKeys) throws IOException {
        return launch("end", String.join(",", oldKeys), Map.of(), false);
    }

    /** The log of the latest run. */
    Path lastLog() {
        return where.log(runs);
    }

    private Map<String, String> firstRunFaults() {
        Map<String, String> faults = new LinkedHashMap<>();
        if (netlab == null) {
            return faults;
        }
        if (cell.phase() == Phase.START) {
            faults.put(RealNetlabWrapper.faultVariable("up"), "slow-after:8");
        }
        if (cell.phase() == Phase.TEARDOWN || cell.ending() == Ending.SECOND_SIGINT) {
            faults.put(RealNetlabWrapper.faultVariable("down"), "slow:6");
        }
        if (cell.ending() == Ending.SLOW_TEARDOWN) {
            faults.put(RealNetlabWrapper.faultVariable("down"), "slow:40");
        }
        return faults;
    }

    private Launched launch(String ending, String oldKeys, Map<String, String> faults, boolean forkTimeout)
            throws IOException {
        int run = ++runs;
        Map<String, String> props = new LinkedHashMap<>();
        props.put("netlabjunit.state.root", where.stateRoot().toString());
        props.put("netlabjunit.engine", netlab == null ? "embedded" : "netlab");
        props.put("netlabjunit.unavailable", "fail");
        props.put("cell.ready", where.ready().toString());
        props.put("cell.ending", ending);
        props.put("cell.marker", where.marker());
        props.put("cell.oldKey", oldKeys);
        if (forkTimeout) {
            // Surefire reports the timeout but lets the running test finish (observed with 3.5.4): block long
            // enough to pass the timeout, not three minutes.
            props.put("cell.blockSeconds", Integer.toString(FORK_TIMEOUT_SECONDS + 20));
        }
        if (cell.ending() == Cell.Ending.SIGKILL_FORK_REAPED) {
            props.put("netlabjunit.sweep.enabled", "false");
        } else if (cell.ending() == Cell.Ending.SIGKILL_REAPER) {
            props.put("cell.blockSeconds", Integer.toString(ReaperCells.HOLD_SECONDS));
        }
        if (netlab != null) {
            props.put("netlabjunit.netlab.executable", netlab.executable().toString());
            netlab.environment().forEach((k, v) -> props.put("netlabjunit.environment." + k, v));
            faults.forEach((k, v) -> props.put("netlabjunit.environment." + k, v));
            props.put("cell.handHome", handNetlab.home().toString());
        }
        Path log = where.log(run);
        if (cell.runner() == Runner.PLAIN_JVM) {
            List<String> options = new ArrayList<>();
            props.forEach((k, v) -> options.add("-D" + k + "=" + v));
            String classPath = System.getProperty("java.class.path");
            if (cell.engine() == Engine.EMBEDDED_FRR) {
                // The scenario finds its topology on the class path: the FRR one goes first, before this module's
                // plain one (without it the plain JVM's FRR cells ran a lab without FRR).
                Path resources = where.dir().resolve("frr-resources");
                Files.createDirectories(resources.resolve("topologies"));
                Files.writeString(resources.resolve("topologies/two-routers.yml"), TestProject.FRR_TOPOLOGY);
                classPath = resources + java.io.File.pathSeparator + classPath;
            }
            List<String> argv = ChildProcess.javaArgv(options, classPath,
                    LauncherMain.class.getName(), List.of("--return", LabScenario.class.getName()));
            return Launched.start(argv, where.dir(), log, "-Dcell.ready=" + where.ready(), CellRun.RUN_BOUND);
        }
        Path project = where.dir().resolve("project");
        TestProject.write(project, cell.runner(), forkSettings(forkTimeout), props,
                cell.engine() == Engine.EMBEDDED_FRR);
        String goal = cell.runner() == Runner.FAILSAFE ? "verify" : "test";
        // Online: on a fresh machine the first cell fetches what the reactor build did not need (a transitive
        // version the project pins differently, say); after that everything is in ~/.m2 and nothing is fetched.
        List<String> argv = List.of("mvn", "-B", "-ntp", "-f", project.resolve("pom.xml").toString(), goal);
        return Launched.start(argv, project, log, project.resolve("pom.xml").toString(), CellRun.RUN_BOUND);
    }

    /** The Surefire or Failsafe settings of the cell's runner and ending. */
    private String forkSettings(boolean forkTimeout) {
        StringBuilder fork = new StringBuilder();
        fork.append("          <forkCount>").append(cell.runner().testJvms).append("</forkCount>\n");
        fork.append("          <reuseForks>").append(cell.runner() != Runner.SUREFIRE_2_NOREUSE)
                .append("</reuseForks>\n");
        fork.append("          <shutdown>").append(cell.ending() == Ending.SIGKILL_MVN_KILL ? "kill" : "exit")
                .append("</shutdown>\n");
        if (forkTimeout) {
            fork.append("          <forkedProcessTimeoutInSeconds>").append(FORK_TIMEOUT_SECONDS)
                    .append("</forkedProcessTimeoutInSeconds>\n");
        }
        return fork.toString();
    }
}
