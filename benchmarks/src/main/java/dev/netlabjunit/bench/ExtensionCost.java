package dev.netlabjunit.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apiguardian.api.API;

import dev.netlabjunit.bench.trivial.TrivialTest;
import dev.netlabjunit.internal.process.Command;
import dev.netlabjunit.internal.process.CommandResult;
import dev.netlabjunit.testsupport.ChildProcess;
import dev.netlabjunit.testsupport.LauncherMain;

/**
 * Item 1, process level: a whole JVM running one trivial test through the JUnit launcher, alternately with the
 * extension's jars on the class path and without them, and whether the run with them starts any process.
 */
@API(status = API.Status.INTERNAL)
public final class ExtensionCost {

    private static final int WARMUP = 2;
    // Single pairs scatter by ±200 ms on a shared 2-core machine: 40 pairs make the median difference readable.
    private static final int PAIRS = 40;
    private static final Duration BOUND = Duration.ofSeconds(60);
    /** Jars a user gets by adding the extension; "without" drops them, "with" keeps them (after JUnit's). */
    private static final List<String> OURS = List.of("netlab-junit-0", "netlab-fixtures-", "zt-exec-",
            "snakeyaml-engine-", "slf4j-");
    /** Jars neither run needs. */
    private static final List<String> UNRELATED = List.of("jmh-", "jopt-simple-", "commons-math3-",
            "netlab-fixtures-0.1.0-SNAPSHOT-tests", "junit-platform-testkit", "assertj");

    private ExtensionCost() {
    }

    public static String run(Path work) throws IOException, InterruptedException {
        List<String> with = new ArrayList<>();
        List<String> without = new ArrayList<>();
        List<String> ours = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (UNRELATED.stream().anyMatch(name::startsWith)) {
                continue;
            }
            if (OURS.stream().anyMatch(name::startsWith)) {
                ours.add(entry);
            } else {
                without.add(entry);
            }
        }
        with.addAll(without);
        with.addAll(ours);
        String withCp = String.join(File.pathSeparator, with);
        String withoutCp = String.join(File.pathSeparator, without);

        // A netlab on PATH that only logs: the run must never call it.
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path log = work.resolve("netlab-invocations.log");
        Path netlab = bin.resolve("netlab");
        Files.writeString(netlab, "#!/bin/sh\necho \"$@\" >> '" + log + "'\n");
        Files.setPosixFilePermissions(netlab, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> env = Map.of("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        List<String> jvm = List.of("-Dnetlabjunit.state.root=" + work.resolve("state-never-created"));
        List<String> args = List.of(TrivialTest.class.getName());

        Stats wallWith = new Stats();
        Stats wallWithout = new Stats();
        Stats sessionWith = new Stats();
        Stats sessionWithout = new Stats();
        Stats diffs = new Stats();
        for (int i = 0; i < WARMUP + PAIRS; i++) {
            // Alternate which goes first, so drift on this shared machine hits both sides alike.
            boolean withFirst = i % 2 == 0;
            ChildProcess.Result a = Runs.succeeded("trivial test run", ChildProcess.java(jvm,
                    withFirst ? withCp : withoutCp, LauncherMain.class.getName(), args).environment(env).bound(BOUND));
            ChildProcess.Result b = Runs.succeeded("trivial test run", ChildProcess.java(jvm,
                    withFirst ? withoutCp : withCp, LauncherMain.class.getName(), args).environment(env).bound(BOUND));
            ChildProcess.Result w = withFirst ? a : b;
            ChildProcess.Result wo = withFirst ? b : a;
            if (i < WARMUP) {
                continue;
            }
            wallWith.add(Runs.wallMillis(w));
            wallWithout.add(Runs.wallMillis(wo));
            sessionWith.add(LauncherMain.summaryValue(w.stdout(), "session-ms"));
            sessionWithout.add(LauncherMain.summaryValue(wo.stdout(), "session-ms"));
            diffs.add(LauncherMain.summaryValue(w.stdout(), "session-ms")
                    - LauncherMain.summaryValue(wo.stdout(), "session-ms"));
        }
        boolean stateRootCreated = Files.exists(work.resolve("state-never-created"));
        boolean netlabCalled = Files.exists(log);
        String execs = countExecs(work, env, jvm, withCp, args, "with") + " with, "
                + countExecs(work, env, jvm, withoutCp, args, "without") + " without";

        StringBuilder md = new StringBuilder();
        md.append("| run (" + PAIRS + " alternating pairs, " + WARMUP + " discarded) | without extension | with "
                + "extension | difference of medians | with / without |\n|---|---:|---:|---:|---:|\n");
        md.append("| whole JVM, wall time | ").append(wallWithout.text()).append(" | ").append(wallWith.text())
                .append(" | ").append(Stats.ms(wallWith.median() - wallWithout.median())).append(" | ")
                .append(Stats.ratio(wallWith.median(), wallWithout.median())).append(" |\n");
        md.append("| launcher session (open → tests run → close) | ").append(sessionWithout.text()).append(" | ")
                .append(sessionWith.text()).append(" | ")
                .append(Stats.ms(sessionWith.median() - sessionWithout.median())).append(" | ")
                .append(Stats.ratio(sessionWith.median(), sessionWithout.median())).append(" |\n");
        md.append("\nPaired session difference (with − without, same pair): ").append(diffs.text()).append(".\n");
        md.append("\nProcesses started by the JVM (execve seen by strace -f, the java launcher itself excluded): ")
                .append(execs).append(". netlab stand-in on PATH called: ").append(netlabCalled ? "YES" : "no")
                .append(". State root created: ").append(stateRootCreated ? "YES" : "no").append(".\n");
        return md.toString();
    }

    /** Processes the run execs besides java itself, by strace; "n/a" when strace is not installed. */
    private static String countExecs(Path work, Map<String, String> env, List<String> jvm, String cp,
                                     List<String> args, String label) {
        Path trace = work.resolve("strace-" + label + ".txt");
        List<String> argv = new ArrayList<>(List.of("strace", "-f", "-qq", "-e", "trace=execve", "-o",
                trace.toString(), ChildProcess.javaExecutable()));
        argv.addAll(jvm);
        argv.addAll(List.of("-cp", cp, LauncherMain.class.getName()));
        argv.addAll(args);
        CommandResult r;
        try {
            r = Command.of(argv).environment(env).timeout(BOUND).run();
        } catch (RuntimeException e) {
            return "n/a (strace: " + e.getMessage() + ")";
        }
        if (!r.succeeded()) {
            return "n/a (strace exit " + r.exitCode() + ")";
        }
        try {
            long execs = Files.readAllLines(trace).stream().filter(l -> l.contains("execve(")).count();
            return Long.toString(execs - 1);
        } catch (IOException e) {
            return "n/a (" + e.getMessage() + ")";
        }
    }
}
