package dev.netlabjunit.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.netlabjunit.engine.EngineSelector;
import dev.netlabjunit.lifecycle.StaleLabs;
import dev.netlabjunit.process.Command;
import dev.netlabjunit.process.CommandResult;
import dev.netlabjunit.process.Deadline;
import dev.netlabjunit.process.ProcessTrees;
import dev.netlabjunit.reliability.Cell.Ending;
import dev.netlabjunit.reliability.Cell.Engine;
import dev.netlabjunit.reliability.Cell.Phase;
import dev.netlabjunit.reliability.Cell.Runner;
import dev.netlabjunit.standin.FakeNetlabFaults;
import dev.netlabjunit.standin.NetlabStandIn;

/**
 * Runs one cell: a first run ended the cell's way at the cell's phase, the checks of what it left and how fast its
 * test JVM exited, and, after an uncatchable ending (or whenever something was left), a next run in the same state
 * root whose first test must find the old labs gone. Whatever still remains at the end is removed (in-process
 * sweep, then the cell's processes are killed), so a failing cell does not leak into the next one.
 */
final class CellRun {

    private static final Duration RUN_BOUND = Duration.ofMinutes(4);
    private static final Duration PHASE_WAIT = Duration.ofSeconds(150);
    private static final long EXIT_SLACK_MS = 2000;
    private static final int FORK_TIMEOUT_SECONDS = 25;
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Pattern TEARDOWN_END =
            Pattern.compile("\\[netlab-junit\\] teardown \\S+ \\((\\w+)\\) \\+(\\d+) ms: (done|INCOMPLETE|FAILED)");

    private final Cell cell;
    private final Path dir;
    private final Path stateRoot;
    private final Path ready;
    private final String marker;
    private final NetlabStandIn netlab;
    /** The HOME of the lab a never-released scenario starts by hand (the stand-in's host lease is per HOME). */
    private final NetlabStandIn handNetlab;
    private final Set<String> labKeys = new LinkedHashSet<>();
    private final Set<Long> testJvms = new LinkedHashSet<>();
    private final Map<Long, java.time.Instant> jvmStarts = new java.util.HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private int runs;

    CellRun(Cell cell, Path dir, int index) throws IOException {
        this.cell = cell;
        this.dir = Files.createDirectories(dir).toRealPath();
        this.stateRoot = this.dir.resolve("state");
        this.ready = Files.createDirectories(this.dir.resolve("ready"));
        this.marker = String.format("0.%07d", (ProcessHandle.current().pid() % 1000) * 10000 + index);
        this.netlab = cell.engine() == Engine.STANDIN ? NetlabStandIn.install(this.dir.resolve("netlab")) : null;
        this.handNetlab = cell.engine() == Engine.STANDIN ? NetlabStandIn.install(this.dir.resolve("netlab-hand"))
                : null;
    }

    Outcome run() throws Exception {
        long exitMillis = -1;
        long bound = -1;
        List<String> leftAfterRun = List.of();
        String nextRun = "not needed";
        try {
            Launched first = launch(cell.scenarioEnding(), "", firstRunFaults(), cell.ending() == Ending.FORK_TIMEOUT);
            long t0 = strike(first);
            checkSharing();
            awaitTestJvmsGone(first);
            exitMillis = lastExit - t0 < 0 ? 0 : (lastExit - t0) / 1_000_000;
            if (!first.await(RUN_BOUND)) {
                problems.add("the first run did not end within " + RUN_BOUND);
            }
            collectKeys();
            leftAfterRun = settledLeftovers();
            if (cell.ending() == Ending.SIGKILL_FORK_REAPED && !leftAfterRun.isEmpty()) {
                problems.add("left after the reaper (sweep off): " + leftAfterRun);
            }
            if (cell.ending().catchable) {
                // Teardown time as seen from outside: until the last owner record was deleted (the record goes
                // last). Surefire drops a fork's stderr once it is exiting, so the hook's own lines may be lost.
                long teardown = recordsGoneAt == 0 ? teardownMillis(first) : Math.max(0, (recordsGoneAt - t0) / 1_000_000);
                bound = teardown + EXIT_SLACK_MS;
                if (!leftAfterRun.isEmpty()) {
                    problems.add("left after a catchable ending: " + leftAfterRun);
                }
                if (exitMillis > bound) {
                    problems.add("test JVM exited " + exitMillis + " ms after the ending; allowed " + bound + " ms");
                }
            }
            threadCheck(first);
            if (!cell.ending().catchable || !leftAfterRun.isEmpty() || cell.ending() == Ending.SIGKILL_REAPER) {
                nextRun = nextRun();
            }
        } finally {
            cleanUp();
        }
        return new Outcome(cell, leftAfterRun, nextRun, exitMillis, bound, String.join("; ", notes),
                List.copyOf(problems));
    }

    /**
     * What is left once the run's processes have settled: Surefire's per-fork shell exits only after it has reaped
     * the fork's JVM, a moment after the JVM itself. Processes alone are re-checked for up to {@link #SETTLE}.
     */
    private List<String> settledLeftovers() throws InterruptedException {
        long end = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            List<String> left = Leftovers.find(dir, stateRoot, standIns(), labKeys, marker);
            boolean onlyProcesses = !left.isEmpty() && left.stream().allMatch(l -> l.startsWith("process "));
            if (!onlyProcesses || System.nanoTime() > end) {
                return left;
            }
            Thread.sleep(100);
        }
    }

    private List<NetlabStandIn> standIns() {
        return netlab == null ? List.of() : List.of(netlab, handNetlab);
    }

    // ---- runs -------------------------------------------------------------------------------------------------

    private Map<String, String> firstRunFaults() {
        Map<String, String> faults = new LinkedHashMap<>();
        if (netlab == null) {
            return faults;
        }
        if (cell.phase() == Phase.START) {
            faults.put(FakeNetlabFaults.UP_DELAY_MS, "8000");
        }
        if (cell.phase() == Phase.TEARDOWN || cell.ending() == Ending.SECOND_SIGINT) {
            faults.put(FakeNetlabFaults.DOWN_DELAY_MS, "6000");
        }
        if (cell.ending() == Ending.SLOW_TEARDOWN) {
            faults.put(FakeNetlabFaults.DOWN_DELAY_MS, "40000");
        }
        return faults;
    }

    private Launched launch(String ending, String oldKeys, Map<String, String> faults, boolean forkTimeout)
            throws IOException {
        int run = ++runs;
        Map<String, String> props = new LinkedHashMap<>();
        props.put("netlabjunit.state.root", stateRoot.toString());
        props.put("netlabjunit.engine", netlab == null ? "embedded" : "netlab");
        props.put("netlabjunit.unavailable", "fail");
        props.put("cell.ready", ready.toString());
        props.put("cell.ending", ending);
        props.put("cell.marker", marker);
        props.put("cell.oldKey", oldKeys);
        if (forkTimeout) {
            // Surefire reports the timeout but lets the running test finish (observed with 3.5.4): block long
            // enough to pass the timeout, not three minutes.
            props.put("cell.blockSeconds", Integer.toString(FORK_TIMEOUT_SECONDS + 20));
        }
        if (cell.ending() == Ending.SIGKILL_FORK_REAPED) {
            props.put("netlabjunit.sweep.enabled", "false");
        } else if (cell.ending() == Ending.SIGKILL_REAPER) {
            props.put("cell.blockSeconds", Integer.toString(ReaperCells.HOLD_SECONDS));
        }
        if (netlab != null) {
            props.put("netlabjunit.netlab.executable", netlab.executable().toString());
            netlab.environment().forEach((k, v) -> props.put("netlabjunit.environment." + k, v));
            faults.forEach((k, v) -> props.put("netlabjunit.environment." + k, v));
            props.put("cell.handHome", handNetlab.home().toString());
        }
        Path log = dir.resolve("run-" + run + ".log");
        if (cell.runner() == Runner.PLAIN_JVM) {
            List<String> argv = new ArrayList<>();
            argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            argv.add("-cp");
            argv.add(System.getProperty("java.class.path"));
            props.forEach((k, v) -> argv.add("-D" + k + "=" + v));
            argv.add(PlainJvmMain.class.getName());
            argv.add(dev.netlabjunit.reliability.scenario.LabScenario.class.getName());
            return Launched.start(argv, dir, log, "-Dcell.ready=" + ready, RUN_BOUND);
        }
        Path project = dir.resolve("project");
        StringBuilder fork = new StringBuilder();
        fork.append("          <forkCount>").append(cell.runner().testJvms).append("</forkCount>\n");
        fork.append("          <reuseForks>").append(cell.runner() != Runner.SUREFIRE_2_NOREUSE).append("</reuseForks>\n");
        fork.append("          <shutdown>").append(cell.ending() == Ending.SIGKILL_MVN_KILL ? "kill" : "exit")
                .append("</shutdown>\n");
        if (forkTimeout) {
            fork.append("          <forkedProcessTimeoutInSeconds>").append(FORK_TIMEOUT_SECONDS)
                    .append("</forkedProcessTimeoutInSeconds>\n");
        }
        TestProject.write(project, cell.runner(), fork.toString(), props, cell.engine() == Engine.EMBEDDED_FRR);
        String goal = cell.runner() == Runner.FAILSAFE ? "verify" : "test";
        // Online: on a fresh machine the first cell fetches what the reactor build did not need (a transitive
        // version the project pins differently, say); after that everything is in ~/.m2 and nothing is fetched.
        List<String> argv = List.of("mvn", "-B", "-ntp", "-f", project.resolve("pom.xml").toString(), goal);
        return Launched.start(argv, project, log, project.resolve("pom.xml").toString(), RUN_BOUND);
    }

    /** Waits for the cell's phase and delivers its ending; returns the time the ending struck. */
    private long strike(Launched run) throws Exception {
        switch (cell.phase()) {
            case START -> awaitRecordIn("STARTING", run);
            case TESTS -> awaitReady(run);
            case TEARDOWN -> {
                awaitReady(run);
                awaitRecordIn("STOPPING", run);
            }
        }
        noteTestJvms(run);
        long t0 = System.nanoTime();
        ProcessHandle root = run.root().orElse(null);
        switch (cell.ending()) {
            case SIGINT -> signalGroup("INT", root);
            case SIGHUP -> signalGroup("HUP", root);
            case SIGTERM -> signalTestJvms("TERM");
            case SIGKILL_FORK -> signalTestJvms("KILL");
            case SIGKILL_FORK_REAPED -> {
                collectKeys();
                signalTestJvms("KILL");
                ReaperCells.awaitLabsGone(t0, () -> Leftovers.find(dir, stateRoot, standIns(), labKeys, marker), dir,
                        notes, problems);
            }
            case SIGKILL_REAPER -> t0 = ReaperCells.killWatchers(testJvms, t0, notes, problems);
            case SIGKILL_MVN_EXIT, SIGKILL_MVN_KILL -> {
                if (root == null) {
                    problems.add("no mvn process to send SIGKILL to");
                } else {
                    signal("KILL", root.pid());
                }
            }
            case SECOND_SIGINT -> {
                signalGroup("INT", root);
                if (awaitRecordIn("STOPPING", run)) {
                    Thread.sleep(300);
                    notes.add("second SIGINT sent while teardown ran");
                    signalGroup("INT", root);
                } else {
                    notes.add("teardown not seen running: no second SIGINT");
                }
            }
            default -> {
                // the scenario ends by itself
            }
        }
        return t0;
    }

    /**
     * Two forks of one build that want the same lab share it (docs/parallel.md, share scope {@code build}): both
     * must have reported the same lab.
     */
    private void checkSharing() {
        if (cell.runner().testJvms < 2 || cell.phase() != Phase.TESTS) {
            return;
        }
        if (readyJvms() < 2) {
            notes.add("one fork ran both classes");
            return;
        }
        if (!cell.scenarioEnding().equals("block")) {
            // The first fork's test may end, and its lab go, before the second fork asks: two labs one after the
            // other are right then. Only forks that wait for the ending hold the lab at the same time.
            notes.add("labs " + extensionLabs());
            return;
        }
        Set<String> labs = extensionLabs();
        if (labs.size() != 1) {
            problems.add("the " + cell.runner().testJvms + " forks did not share one lab: " + labs);
        } else {
            notes.add("forks shared lab " + labs.iterator().next());
        }
    }

    private void awaitReady(Launched run) throws InterruptedException {
        long end = System.nanoTime() + PHASE_WAIT.toNanos();
        while (System.nanoTime() < end && run.isRunning()) {
            noteTestJvms(run);
            if (readyJvms() >= cell.runner().testJvms) {
                return;
            }
            Thread.sleep(20);
        }
        // A scenario that does not block may end before the other fork starts (one fork then runs both classes).
        boolean blocks = cell.scenarioEnding().equals("block");
        if (readyJvms() == 0 || (blocks && readyJvms() < cell.runner().testJvms)) {
            problems.add("the tests did not report their labs up (" + readyJvms() + " of "
                    + cell.runner().testJvms + " test JVMs)");
        }
    }

    /** Waits until some owner record is in {@code state}; false if none was seen. */
    private boolean awaitRecordIn(String state, Launched run) throws InterruptedException {
        long end = System.nanoTime() + PHASE_WAIT.toNanos();
        while (System.nanoTime() < end && run.isRunning()) {
            noteTestJvms(run);
            for (String key : Leftovers.records(stateRoot)) {
                labKeys.add(key);
                try {
                    String text = Files.readString(stateRoot.resolve("owners").resolve(key + ".record"));
                    if (text.contains("state=" + state)) {
                        return true;
                    }
                } catch (IOException racing) {
                    // replaced or deleted meanwhile
                }
            }
            Thread.sleep(5);
        }
        problems.add("no owner record reached " + state + " (phase " + cell.phase().label + " not hit)");
        return false;
    }

    /** The session of the build a group signal went to (setsid: the root's pid), or 0. */
    private long session;
    private long lastExit;
    private long recordsGoneAt;

    private void awaitTestJvmsGone(Launched run) throws InterruptedException {
        long end = System.nanoTime() + RUN_BOUND.toNanos();
        Set<Long> alive = new LinkedHashSet<>();
        do {
            noteTestJvms(run);
            if (recordsGoneAt == 0 && Leftovers.records(stateRoot).isEmpty()) {
                recordsGoneAt = System.nanoTime();
            }
            alive.clear();
            for (long pid : testJvms) {
                if (isSameJvmRunning(pid)) {
                    alive.add(pid);
                }
            }
            if (alive.isEmpty()) {
                lastExit = System.nanoTime();
                if (testJvms.isEmpty()) {
                    problems.add("no test JVM was seen");
                }
                return;
            }
            Thread.sleep(10);
        } while (System.nanoTime() < end);
        lastExit = System.nanoTime();
        problems.add("test JVMs " + alive + " still alive after " + RUN_BOUND);
    }

    private void noteTestJvms(Launched run) {
        // The scenario writes its JVM's pid into its ready file; a record names its owner from the lab's start.
        try (var s = Files.list(ready)) {
            for (Path p : s.filter(f -> !f.getFileName().toString().endsWith(".tmp")).toList()) {
                noteJvm(Long.parseLong(Files.readString(p).trim()));
            }
        } catch (IOException | NumberFormatException racing) {
            // written meanwhile; seen on the next poll
        }
        for (String key : Leftovers.records(stateRoot)) {
            try {
                for (String line : Files.readAllLines(stateRoot.resolve("owners").resolve(key + ".record"))) {
                    if (line.startsWith("ownerPid=")) {
                        noteJvm(Long.parseLong(line.substring("ownerPid=".length()).trim()));
                    }
                }
            } catch (IOException | NumberFormatException racing) {
                // replaced or deleted meanwhile
            }
        }
        Optional<ProcessHandle> root = run.root();
        if (root.isEmpty()) {
            return;
        }
        if (cell.runner() == Runner.PLAIN_JVM) {
            noteJvm(root.get().pid());
            return;
        }
        // The fork's JVM, not the `/bin/sh -c "cd ... && java ..."` Surefire wraps it in: a signal to that shell
        // would orphan the JVM instead of ending it.
        root.get().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().command().orElse("").endsWith("/java"))
                .filter(h -> h.info().commandLine().orElse("").contains("surefirebooter"))
                .forEach(h -> noteJvm(h.pid()));
    }

    /** Ready files are {@code <lab key>@<pid>}: forks sharing one lab report it once each. */
    private List<String> readyFiles() {
        try (var s = Files.list(ready)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".tmp")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Notes a test JVM with its start time: pids are reused (pid_max is 32768 here, and other builds run), so a
     * pid alone could name some later process, which would then look like a test JVM that never exits.
     */
    private void noteJvm(long pid) {
        if (!jvmStarts.containsKey(pid)) {
            Optional<java.time.Instant> start = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant());
            if (start.isEmpty() || !Running.isRunning(pid)) {
                return; // already gone: nothing to wait for or signal
            }
            jvmStarts.put(pid, start.get());
        }
        testJvms.add(pid);
    }

    /** The noted JVM still runs (not a zombie, and its pid not taken by another process since). */
    private boolean isSameJvmRunning(long pid) {
        java.time.Instant noted = jvmStarts.get(pid);
        return Running.isRunning(pid) && noted != null
                && ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(noted::equals).orElse(false);
    }

    private Set<String> readyKeys() {
        Set<String> keys = new LinkedHashSet<>();
        readyFiles().forEach(n -> keys.add(n.substring(0, n.indexOf('@'))));
        return keys;
    }

    /** How many test JVMs reported a lab up. */
    private long readyJvms() {
        return readyFiles().stream().map(n -> n.split("@")[1]).distinct().count();
    }

    /** The labs the extension gave the tests (not those started by hand). */
    private Set<String> extensionLabs() {
        Set<String> keys = new LinkedHashSet<>();
        readyFiles().stream().filter(n -> !n.endsWith("@hand")).forEach(n -> keys.add(n.substring(0, n.indexOf('@'))));
        return keys;
    }

    private void collectKeys() {
        labKeys.addAll(readyKeys());
        labKeys.addAll(Leftovers.records(stateRoot));
    }

    /** The longest teardown the run reported (its own "+N ms: done" line), or the hook budget if none. */
    private static long teardownMillis(Launched run) {
        long longest = 0;
        for (String line : run.lines()) {
            Matcher m = TEARDOWN_END.matcher(line);
            if (m.find()) {
                longest = Math.max(longest, Long.parseLong(m.group(2)));
            }
        }
        return longest;
    }

    /** Item 3: a plain JVM whose main returned must end by itself, within 2 s. */
    private void threadCheck(Launched run) {
        if (cell.runner() != Runner.PLAIN_JVM) {
            return;
        }
        Optional<Long> returned = run.seen(PlainJvmMain.RETURNING);
        if (returned.isEmpty()) {
            return;
        }
        long ms = (run.endedAtNanos() - returned.get()) / 1_000_000;
        notes.add("JVM ended " + ms + " ms after main returned");
        if (ms > EXIT_SLACK_MS) {
            problems.add("JVM still alive " + ms + " ms after main returned: a non-daemon thread kept it");
        }
    }

    private String nextRun() throws Exception {
        collectKeys();
        List<String> old = Leftovers.records(stateRoot);
        testJvms.clear();
        jvmStarts.clear();
        StateRootFiles.clear(ready);
        Launched next = launch("end", String.join(",", old), Map.of(), false);
        if (!next.await(RUN_BOUND)) {
            problems.add("the next run did not end within " + RUN_BOUND);
        }
        collectKeys();
        boolean passed = cell.runner() == Runner.PLAIN_JVM
                ? next.output().contains("[plain-jvm] tests found=1 failed=0")
                : next.exitCode() == 0;
        List<String> left = settledLeftovers();
        long swept = old.stream().filter(k -> next.output().contains("sweep: lab " + k)).count();
        if (!passed) {
            problems.add("the next run failed (see " + dir.resolve("run-" + runs + ".log") + ")");
        }
        if (!left.isEmpty()) {
            problems.add("left after the next run: " + left);
        }
        return (passed && left.isEmpty() ? "yes" : "NO") + ", " + swept + " record(s) swept before the first test";
    }

    // ---- signals and clean-up -----------------------------------------------------------------------------------

    private void signalGroup(String signal, ProcessHandle root) {
        if (root == null) {
            problems.add("no process to send SIG" + signal + " to");
            return;
        }
        session = root.pid();
        signal(signal, -root.pid());
    }

    private void signalTestJvms(String signal) {
        if (testJvms.isEmpty()) {
            problems.add("no test JVM to send SIG" + signal + " to");
        }
        for (long pid : testJvms) {
            if (isSameJvmRunning(pid)) {
                signal(signal, pid);
            }
        }
    }

    /**
     * Sends a signal to one process ({@code pidOrGroup > 1}) or one process group ({@code < -1}). Anything else is
     * refused: {@code kill -SIG -1} would signal every process of the user (as root: the whole machine).
     */
    private void signal(String signal, long pidOrGroup) {
        if (pidOrGroup >= -1 && pidOrGroup <= 1) {
            throw new IllegalArgumentException("refusing to send SIG" + signal + " to " + pidOrGroup);
        }
        long pid = Math.abs(pidOrGroup);
        // Only processes this JVM started (directly or below), or a group in the session this cell's build runs in
        // (setsid: its id is the build's root pid; the group outlives mvn when Ctrl-C killed it and the fork is
        // still tearing down): never anything else on the machine.
        boolean ours = ProcessHandle.current().descendants().anyMatch(h -> h.pid() == pid)
                || (session > 1 && (pidOrGroup < 0 ? Running.groupInSession(pid, session)
                : Running.sessionOf(pid) == session));
        if (!ours) {
            notes.add("SIG" + signal + " not sent: " + (pidOrGroup < 0 ? "group " : "") + pid
                    + " has no running process of this run left");
            return;
        }
        CommandResult r = Command.of("kill", "-" + signal, "--", Long.toString(pidOrGroup))
                .timeout(Duration.ofSeconds(10)).run();
        if (!r.succeeded()) {
            notes.add(r.commandLine() + " failed: " + r.tailText());
        }
    }

    private void cleanUp() {
        collectKeys();
        List<String> left = Leftovers.find(dir, stateRoot, standIns(), labKeys, marker);
        if (left.isEmpty()) {
            return;
        }
        notes.add("cleaned up after the cell: " + left);
        for (String p : Leftovers.processes(dir, marker)) {
            ProcessHandle.of(Long.parseLong(p.substring(0, p.indexOf(' '))))
                    .ifPresent(h -> ProcessTrees.kill(h, Duration.ofSeconds(2)));
        }
        if (Files.isDirectory(stateRoot, LinkOption.NOFOLLOW_LINKS)) {
            // The configured netlab (the cell's stand-in), as every sweep: a record never names the program.
            StaleLabs.sweep(stateRoot, name -> EngineSelector.forName(name,
                            java.util.Optional.ofNullable(netlab).map(NetlabStandIn::executable)),
                    EngineSelector::orphans,
                    Deadline.after(Duration.ofMinutes(2)), line -> { });
        }
    }
}
