package dev.netlabjunit.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A child process (usually a JVM) that a test starts and then watches while it runs: its lines arrive live, the
 * test can wait for one, signal the process, and wait (bounded) for its end. The process runs on a thread of its
 * own; at its bound the whole tree is ended, children first. Standard input is empty.
 *
 * <p>Plain {@link ProcessBuilder} on purpose: this module depends on nothing of the project, so that the fixtures'
 * own tests can use it too.
 */
public final class ChildProcess {

    /** Lines kept for {@link #lines()}; a child printing more is not what these tests run. */
    private static final int MAX_LINES = 200_000;
    /** Characters kept per output stream for {@link Result}. */
    private static final int MAX_TEXT = 4 * 1024 * 1024;
    /** A longer line is delivered in pieces of this length. */
    private static final int MAX_LINE = 64 * 1024;
    private static final Duration KILL_GRACE = Duration.ofMillis(500);
    private static final Duration READER_JOIN = Duration.ofSeconds(2);

    /** How a finished child ended. {@code exitCode} is 128 + the signal for a child a signal ended. */
    public record Result(int exitCode, String stdout, String stderr, boolean timedOut, Duration duration) {
        public boolean succeeded() {
            return exitCode == 0 && !timedOut;
        }
    }

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private final Consumer<String> onLine;
    private final Thread runner;
    private final long startedAt = System.nanoTime();
    private volatile Result result;
    private volatile RuntimeException failure;
    private volatile long endedAt;

    private ChildProcess(Builder b) {
        this.onLine = b.onLine;
        ProcessBuilder pb = new ProcessBuilder(b.argv)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (b.directory != null) {
            pb.directory(b.directory.toFile());
        }
        pb.environment().putAll(b.environment);
        runner = new Thread(() -> {
            try {
                result = runToEnd(pb, b.bound);
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                endedAt = System.nanoTime();
            }
        }, b.threadName);
        runner.setDaemon(true);
        runner.start();
    }

    /** A child running {@code argv} (no shell). */
    public static Builder of(List<String> argv) {
        return new Builder(argv);
    }

    /** {@code java [jvmOptions] -cp classPath mainClass args}, with the java of {@link #javaExecutable()}. */
    public static Builder java(List<String> jvmOptions, String classPath, String mainClass, List<String> args) {
        return of(javaArgv(jvmOptions, classPath, mainClass, args));
    }

    /** The argv of {@link #java}, for callers that put a wrapper ({@code setpriv}, {@code runuser}) in front. */
    public static List<String> javaArgv(List<String> jvmOptions, String classPath, String mainClass,
                                        List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add(javaExecutable());
        argv.addAll(jvmOptions);
        argv.add("-cp");
        argv.add(classPath);
        argv.add(mainClass);
        argv.addAll(args);
        return argv;
    }

    /** The running JVM's {@code java}, or the one system property {@code netlabjunit.test.java} names. */
    public static String javaExecutable() {
        return System.getProperty("netlabjunit.test.java",
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Starts a child, for what {@link Builder} does not say. */
    public static final class Builder {
        private final List<String> argv;
        private Path directory;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Duration bound = Duration.ofMinutes(5);
        private Consumer<String> onLine = line -> { };
        private String threadName = "child-process";

        private Builder(List<String> argv) {
            this.argv = List.copyOf(argv);
        }

        public Builder directory(Path dir) {
            this.directory = dir;
            return this;
        }

        /** Entries added to (or replacing those of) the inherited environment. */
        public Builder environment(Map<String, String> vars) {
            environment.putAll(vars);
            return this;
        }

        /** After this long the whole tree is ended. */
        public Builder bound(Duration limit) {
            this.bound = Objects.requireNonNull(limit, "bound");
            return this;
        }

        /** Also gives each line to {@code sink} as it arrives (on the reader thread of its stream). */
        public Builder onLine(Consumer<String> sink) {
            this.onLine = Objects.requireNonNull(sink, "sink");
            return this;
        }

        public Builder threadName(String name) {
            this.threadName = name;
            return this;
        }

        public ChildProcess start() {
            return new ChildProcess(this);
        }

        /** Starts the child and waits for its end, at most its bound and a little. */
        public Result run() throws InterruptedException {
            return start().awaitExit(bound.plus(KILL_GRACE).plus(READER_JOIN).plusSeconds(1));
        }
    }

    private Result runToEnd(ProcessBuilder pb, Duration bound) {
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + pb.command(), e);
        }
        Thread out = reader(process.getInputStream(), stdout, "out");
        Thread err = reader(process.getErrorStream(), stderr, "err");
        boolean timedOut = false;
        try {
            if (!process.waitFor(bound.toNanos(), TimeUnit.NANOSECONDS)) {
                timedOut = true;
                endTree(process);
            }
            out.join(READER_JOIN.toMillis());
            err.join(READER_JOIN.toMillis());
        } catch (InterruptedException e) {
            endTree(process);
            Thread.currentThread().interrupt();
            timedOut = true;
        }
        int exit = process.isAlive() ? -1 : process.exitValue();
        synchronized (this) {
            return new Result(exit, stdout.toString(), stderr.toString(), timedOut,
                    Duration.ofNanos(System.nanoTime() - startedAt));
        }
    }

    /** Children first (they would be orphaned otherwise), TERM and then KILL after a grace period. */
    private static void endTree(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long end = System.nanoTime() + KILL_GRACE.toNanos();
        while (System.nanoTime() < end && tree.stream().anyMatch(ProcessHandle::isAlive)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    private Thread reader(InputStream in, StringBuilder text, String name) {
        Thread t = new Thread(() -> {
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                StringBuilder line = new StringBuilder();
                int c;
                while ((c = r.read()) != -1) {
                    if (c == '\n' || line.length() >= MAX_LINE) {
                        deliver(line.toString(), text);
                        line.setLength(0);
                        if (c == '\n') {
                            continue;
                        }
                    }
                    line.append((char) c);
                }
                if (line.length() > 0) {
                    deliver(line.toString(), text);
                }
            } catch (IOException closed) {
                // the process ended and its pipe went with it
            }
        }, runner.getName() + "-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void deliver(String line, StringBuilder text) {
        synchronized (this) {
            if (text.length() + line.length() + 1 <= MAX_TEXT) {
                text.append(line).append('\n');
            }
        }
        if (lines.size() < MAX_LINES) {
            lines.add(line);
        }
        onLine.accept(line);
    }

    /** The lines so far, both streams, in the order they arrived. */
    public List<String> lines() {
        return lines;
    }

    public boolean isRunning() {
        return runner.isAlive();
    }

    /**
     * The words after {@code prefix} on the first line that starts with it, waiting for it at most {@code wait};
     * fails (with the child's lines) if it does not come.
     */
    public String[] awaitLine(String prefix, Duration wait) throws InterruptedException {
        long until = System.nanoTime() + wait.toNanos();
        while (true) {
            boolean ended = !runner.isAlive();
            for (String l : lines) {
                if (l.startsWith(prefix)) {
                    return l.substring(prefix.length()).split(" ");
                }
            }
            if (ended || System.nanoTime() >= until) {
                throw new AssertionError("the child printed no line starting with '" + prefix + "' within " + wait
                        + "; its lines:\n" + output());
            }
            Thread.sleep(10);
        }
    }

    /** Waits for the end; false if it still runs after {@code wait}. */
    public boolean await(Duration wait) throws InterruptedException {
        runner.join(Math.max(1, wait.toMillis()));
        return !runner.isAlive();
    }

    /** Waits for the end, at most {@code wait}; fails (with the child's lines) if it still runs. */
    public Result awaitExit(Duration wait) throws InterruptedException {
        if (!await(wait)) {
            throw new AssertionError("the child still runs after " + wait + "; its lines:\n" + output());
        }
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    /** The exit code of a child that ended ({@code -1} if it could not be ended). */
    public int exitCode() {
        if (failure != null) {
            throw failure;
        }
        return result == null ? -1 : result.exitCode();
    }

    /** {@link System#nanoTime()} when the child had started (just before the process was created). */
    public long startedAtNanos() {
        return startedAt;
    }

    /** {@link System#nanoTime()} when the child had ended and its output was read, or 0 while it runs. */
    public long endedAtNanos() {
        return endedAt;
    }

    /** Every line so far, and why the child could not be run if it could not. */
    public String output() {
        return String.join("\n", lines) + (failure != null ? "\n" + failure : "");
    }
}
