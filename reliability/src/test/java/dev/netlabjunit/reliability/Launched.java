package dev.netlabjunit.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.netlabjunit.testsupport.ChildProcess;

/**
 * A build or test JVM started in a session of its own ({@code setsid}, so that a signal to its process group
 * reaches it and its children and nothing else) with default signal dispositions ({@code env --default-signal}:
 * a JVM that inherits an ignored SIGINT would never run its hooks on Ctrl-C). A {@link ChildProcess}, so the cell
 * can watch its lines live and signal it; every line also goes to a log file with the time it arrived.
 */
final class Launched {

    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final String marker;
    private final long started = System.nanoTime();
    private final ChildProcess child;

    private Launched(List<String> argv, Path directory, Path log, String marker, Duration bound) {
        this.marker = marker;
        this.child = ChildProcess.of(argv).directory(directory).bound(bound)
                .threadName("kill-matrix-" + log.getFileName())
                .onLine(line -> {
                    long now = System.nanoTime();
                    firstSeen.putIfAbsent(line, now);
                    append(log, String.format("%7d ", (now - started) / 1_000_000) + line);
                })
                .start();
    }

    /**
     * @param marker a string only this process's command line contains (to find its pid)
     * @param bound  the whole tree is killed after this long
     */
    static Launched start(List<String> argv, Path directory, Path log, String marker, Duration bound) {
        List<String> full = new ArrayList<>(List.of("setsid", "env", "--default-signal"));
        full.addAll(argv);
        return new Launched(full, directory, log, marker, bound);
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
        return child.isRunning();
    }

    /** Waits for the end; false if it is still running after {@code wait}. */
    boolean await(Duration wait) throws InterruptedException {
        return child.await(wait);
    }

    int exitCode() {
        return child.exitCode();
    }

    long endedAtNanos() {
        return child.endedAtNanos();
    }

    List<String> lines() {
        return child.lines();
    }

    /** When a line containing {@code text} first arrived, if one did. */
    Optional<Long> seen(String text) {
        return firstSeen.entrySet().stream().filter(e -> e.getKey().contains(text)).map(Map.Entry::getValue)
                .min(Long::compare);
    }

    String output() {
        return child.output();
    }
}
