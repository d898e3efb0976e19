package dev.netlabjunit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apiguardian.api.API;

import dev.netlabjunit.testsupport.ChildProcess;

/**
 * Item 4: a JVM with an embedded lab up ({@code UnclosedLabMain}, which never closes it) gets SIGTERM; the time
 * until it has exited, minus the engine's own teardown time (its {@code verified gone at N ms} line), is what our
 * teardown path adds. A JVM with no lab ({@link SleepMain}) given the same signal is the baseline.
 */
@API(status = API.Status.INTERNAL)
public final class SigtermToExit {

    private static final int REPEATS = 10;
    private static final Duration BOUND = Duration.ofSeconds(90);
    private static final Pattern ENGINE = Pattern.compile(
            "embedded: \\S+: (?:verified gone at (\\d+) ms|nothing to remove \\((\\d+) ms\\))");
    private static final Pattern HOOK_DONE = Pattern.compile(
            "teardown \\S+ \\(hook\\) \\+(\\d+) ms: done, owner record deleted");

    private SigtermToExit() {
    }

    public static String run(Path work) throws IOException, InterruptedException {
        Path topology = work.resolve("two-routers.yml");
        Files.writeString(topology, "nodes: [r1, r2]\nlinks: [r1-r2]\n");
        String cp = System.getProperty("java.class.path");
        Stats withLab = new Stats();
        Stats engine = new Stats();
        Stats hook = new Stats();
        Stats overhead = new Stats();
        Stats bare = new Stats();
        for (int i = 0; i < REPEATS; i++) {
            ChildProcess lab = ChildProcess.java(List.of(), cp, "dev.netlabjunit.fixture.UnclosedLabMain",
                    List.of("sleep", "embedded", topology.toString(), work.resolve("state").toString()))
                    .bound(BOUND).start();
            double exit = signalAndTime(lab);
            ChildProcess.Result r = lab.awaitExit(BOUND);
            if (r.exitCode() != 143) {
                throw new IllegalStateException("lab JVM exit " + r.exitCode() + ":\n" + r.stderr());
            }
            double engineMs = number(ENGINE, r.stderr());
            withLab.add(exit);
            engine.add(engineMs);
            hook.add(number(HOOK_DONE, r.stderr()));
            overhead.add(exit - engineMs);

            ChildProcess none = ChildProcess.java(List.of(), cp, SleepMain.class.getName(), List.of()).bound(BOUND)
                    .start();
            bare.add(signalAndTime(none));
            none.awaitExit(BOUND);
        }
        return "| " + REPEATS + " runs, embedded engine, 2 routers | median (min–max) |\n|---|---:|\n"
                + "| SIGTERM → JVM exited, lab up | " + withLab.text() + " |\n"
                + "| engine's own teardown (`verified gone at`) | " + engine.text() + " |\n"
                + "| whole teardown in the hook (`+N ms: done`) | " + hook.text() + " |\n"
                + "| **SIGTERM → exit minus engine teardown** (same run) | " + overhead.text() + " |\n"
                + "| SIGTERM → JVM exited, no lab (bare JVM) | " + bare.text() + " |\n"
                + "| overhead beyond a bare JVM's exit (medians) | "
                + Stats.ms(overhead.median() - bare.median()) + " |\n";
    }

    /** Waits for STARTED, lets the JVM settle, sends SIGTERM and returns the milliseconds until it exited. */
    private static double signalAndTime(ChildProcess child) throws InterruptedException {
        String[] started = child.awaitLine("STARTED ", Duration.ofSeconds(60));
        long pid = Long.parseLong(started[1]);
        Thread.sleep(300);
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
        long t0 = System.nanoTime();
        // ProcessHandle.destroy() is kill(pid, SIGTERM) on Linux: no extra process in the measured interval.
        handle.destroy();
        child.awaitExit(BOUND);
        return (child.endedAtNanos() - t0) / 1e6;
    }

    private static double number(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no match for " + p + " in:\n" + text);
        }
        String g = m.group(1) != null || m.groupCount() < 2 ? m.group(1) : m.group(2);
        return Double.parseDouble(g);
    }
}
