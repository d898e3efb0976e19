package dev.netlabjunit.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.netlabjunit.process.Command;
import dev.netlabjunit.process.CommandResult;

/**
 * A build or test JVM started in a session of its own ({@code setsid}, so that a signal to its process group
 * reaches it and its children and nothing else) with default signal dispositions ({@code env --default-signal}:
 * a JVM that inherits an ignored SIGINT would never run its hooks on Ctrl-C). Run through {@link Command} on a
 * thread of its own, so the cell can watch its lines live and signal it; every line also goes to a log file with
 * the time it arrived.
 */
final class Launched {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final Thread runner;
    private final String marker;
    private volatile CommandResult result;
    private volatile RuntimeException failure;
    private volatile long endedAt;

    private final long started = System.nanoTime();

    private Launched(Command command, Path log, String marker) {
        this.marker = marker;
        runner = new Thread(() -> {
            try {
                result = command.onLine(line -> {
                    lines.add(line);
                    long now = System.nanoTime();
                    firstSeen.putIfAbsent(line, now);
                    append(log, String.format("%7d ", (now - started) / 1_000_000) + line);
                }).run();
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                endedAt = System.nanoTime();
            }
        }, "kill-matrix-" + log.getFileName());
        runner.setDaemon(true);
        runner.start();
    }

    /**
     * @param marker a string only this process's command line contains (to find its pid)
     * @param bound  the whole tree is killed after this long
     */
    static Launched start(List<String> argv, Path directory, Path log, String marker, Duration bound) {
        List<String> full = new java.util.ArrayList<>(List.of("setsid", "env", "--default-signal"));
        full.addAll(argv);
        return new Launched(Command.of(full).directory(directory).timeout(bound), log, marker);
    }

    private static synchronized void append(Path log, String line) {
        try {
            Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The launched process itself, once its command line shows the marker (setsid and env exec in place). */
    Optional<ProcessHandle> root() {
        return ProcessHandle.current().children()
                .filter(h -> h.info().commandLine().orElse("").contains(marker))
                .findFirst();
    }

    boolean isRunning() {
        return runner.isAlive();
    }

    /** Waits for the end; false if it is still running after {@code wait}. */
    boolean await(Duration wait) throws InterruptedException {
        runner.join(Math.max(1, wait.toMillis()));
        return !runner.isAlive();
    }

    int exitCode() {
        if (failure != null) {
            throw failure;
        }
        return result == null ? -1 : result.exitCode();
    }

    long endedAtNanos() {
        return endedAt;
    }

    List<String> lines() {
        return lines;
    }

    /** When a line containing {@code text} first arrived, if one did. */
    Optional<Long> seen(String text) {
        return firstSeen.entrySet().stream().filter(e -> e.getKey().contains(text)).map(java.util.Map.Entry::getValue)
                .min(Long::compare);
    }

    String output() {
        return String.join("\n", lines) + (failure != null ? "\n" + failure : "");
    }
}
