package dev.netlabjunit.junit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A test JVM forked by a test ({@link ForkedSession} running scenario classes): the test waits, bounded by
 * {@code limit}, for the file its scenario writes once its lab is up, and for its exit; {@link #output()} is
 * everything it printed, for assertion messages.
 */
record ForkedRun(Process process, Path ready, Path log, Duration limit) {

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
