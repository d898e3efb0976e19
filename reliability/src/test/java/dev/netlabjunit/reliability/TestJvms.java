package dev.netlabjunit.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.netlabjunit.reliability.Cell.Runner;

/**
 * The test JVMs of a cell's run, as seen from outside: found from the scenarios' ready files, the owner records and
 * the launched process tree, and waited for until all have exited.
 */
final class TestJvms {

    /** When the last test JVM was seen gone, and when the state root first held no owner record (0: never). */
    record Exits(long lastExit, long recordsGoneAt) {
    }

    private final Runner runner;
    private final Path stateRoot;
    private final Path ready;
    private final Set<Long> pids = new LinkedHashSet<>();
    private final Map<Long, Instant> starts = new HashMap<>();

    TestJvms(Runner runner, CellDir where) {
        this.runner = runner;
        this.stateRoot = where.stateRoot();
        this.ready = where.ready();
    }

    Set<Long> pids() {
        return pids;
    }

    /** Forgets the JVMs of a run that has ended, before the next run starts. */
    void forget() {
        pids.clear();
        starts.clear();
    }

    void note(Launched run) {
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
        if (runner == Runner.PLAIN_JVM) {
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

    /**
     * Notes a test JVM with its start time: pids are reused (pid_max is 32768 here, and other builds run), so a
     * pid alone could name some later process, which would then look like a test JVM that never exits.
     */
    private void noteJvm(long pid) {
        if (!starts.containsKey(pid)) {
            Optional<Instant> start = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant());
            if (start.isEmpty() || !Running.isRunning(pid)) {
                return; // already gone: nothing to wait for or signal
            }
            starts.put(pid, start.get());
        }
        pids.add(pid);
    }

    /** The noted JVM still runs (not a zombie, and its pid not taken by another process since). */
    boolean isSameJvmRunning(long pid) {
        Instant noted = starts.get(pid);
        return Running.isRunning(pid) && noted != null
                && ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(noted::equals).orElse(false);
    }

    /** Waits, at most {@code bound}, until every noted test JVM has exited. */
    Exits awaitGone(Launched run, Duration bound, Findings findings) throws InterruptedException {
        long end = System.nanoTime() + bound.toNanos();
        long recordsGoneAt = 0;
        Set<Long> alive = new LinkedHashSet<>();
        do {
            note(run);
            if (recordsGoneAt == 0 && Leftovers.records(stateRoot).isEmpty()) {
                recordsGoneAt = System.nanoTime();
            }
            alive.clear();
            for (long pid : pids) {
                if (isSameJvmRunning(pid)) {
                    alive.add(pid);
                }
            }
            if (alive.isEmpty()) {
                if (pids.isEmpty()) {
                    findings.problem("no test JVM was seen");
                }
                return new Exits(System.nanoTime(), recordsGoneAt);
            }
            Thread.sleep(10);
        } while (System.nanoTime() < end);
        findings.problem("test JVMs " + alive + " still alive after " + bound);
        return new Exits(System.nanoTime(), recordsGoneAt);
    }
}
