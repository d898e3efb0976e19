package dev.netlabjunit.junit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.netlabjunit.standin.RealNetlabWrapper;
import dev.netlabjunit.testsupport.ChildProcess;
import dev.netlabjunit.testsupport.LauncherMain;

/**
 * A test JVM forked by a test ({@link LauncherMain} running scenario classes): the test waits, bounded by
 * {@code limit}, for the file its scenario writes once its lab is up, and for its exit; {@link #output()} is
 * everything it printed, for assertion messages.
 */
record ForkedRun(Process process, Path ready, Path log, Duration limit) {

    /**
     * Forks {@code wrapper... java jvmOptions -Dproperties... -D<the stand-in's environment> LauncherMain classes}
     * with the test's class path; everything it prints goes to {@code log}, its standard input is empty.
     */
    static ForkedRun start(List<String> wrapper, List<String> jvmOptions, Map<String, String> properties,
                           RealNetlabWrapper netlab, Path ready, Path log, Duration limit, Class<?>... classes)
            throws IOException {
        List<String> options = new ArrayList<>(jvmOptions);
        properties.forEach((k, v) -> options.add("-D" + k + "=" + v));
        netlab.environment().forEach((k, v) -> options.add("-D" + NetlabConfiguration.ENVIRONMENT_PREFIX + k + "="
                + v));
        List<String> argv = new ArrayList<>(wrapper);
        argv.addAll(ChildProcess.javaArgv(options, System.getProperty("java.class.path"),
                LauncherMain.class.getName(), List.of(classes).stream().map(Class::getName).toList()));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        return new ForkedRun(p, ready, log, limit);
    }

    /** The text the scenario wrote once its lab was up; fails if the JVM ends first or the limit passes. */
    String awaitReady() throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(ready, LinkOption.NOFOLLOW_LINKS)) {
                return Files.readString(ready).trim();
            }
            if (!process.isAlive()) {
                throw new AssertionError("fork ended before its lab was up:\n" + output());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("fork's lab not up within " + limit + ":\n" + output());
    }

    /** The exit code; a JVM still running at the limit is killed and fails the test. */
    int awaitExit() throws Exception {
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("fork did not end within " + limit + ":\n" + output());
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
