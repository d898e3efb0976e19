package dev.netlabjunit.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.netlabjunit.internal.process.BoundedLines;
import dev.netlabjunit.internal.process.CommandNotStartedException;
import dev.netlabjunit.internal.process.CommandResult;
import dev.netlabjunit.internal.process.Deadline;
import dev.netlabjunit.internal.process.ProcessTrees;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.ProcessResult;
import org.zeroturnaround.exec.StartedProcess;
import org.zeroturnaround.exec.stream.PumpStreamHandler;

/**
 * The process runner as it was before zt-exec was dropped (dev.netlabjunit.internal.process.Command at 0a5356d, zt-exec
 * 1.13.0 with its executor bypassed), kept only so that {@link CommandOverhead} can measure both in one run.
 */
final class ZtExecCommand {

    /** How many output lines {@link CommandResult#tail()} keeps. */
    public static final int TAIL_LINES = 50;

    /** How many characters of one line {@link CommandResult#tail()} keeps. */
    public static final int TAIL_LINE_CHARS = 2000;

    /**
     * How many bytes of each stream a result keeps unless {@link #captureLimit(int)} says otherwise: 4 MiB, far
     * above what the commands of a test print, far below what fills a heap. The rest is read and dropped.
     */
    public static final int DEFAULT_CAPTURE_LIMIT = 4 * 1024 * 1024;

    private static final Duration KILL_GRACE = Duration.ofMillis(500);
    private static final Duration PUMP_JOIN = Duration.ofSeconds(2);
    private static final int PUMP_BUFFER_BYTES = 64 * 1024;

    private final List<String> argv;
    private Path directory;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private byte[] stdin = new byte[0];
    private Consumer<String> lineSink = line -> { };
    private int captureLimit = DEFAULT_CAPTURE_LIMIT;
    private OutputStream stdoutSink;
    private OutputStream stderrSink;
    private Duration timeout = Duration.ofMinutes(1);
    private Deadline deadline;
    private boolean ownSession;

    /** util-linux {@code setsid}, where this host has it. */
    private static final java.util.Optional<Path> SETSID = java.util.stream.Stream.of("/usr/bin/setsid", "/bin/setsid")
            .map(Path::of).filter(java.nio.file.Files::isExecutable).findFirst();

    private ZtExecCommand(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        for (String arg : argv) {
            Objects.requireNonNull(arg, "argument in " + argv);
        }
        this.argv = List.copyOf(argv);
    }

    static ZtExecCommand of(List<String> argv) {
        return new ZtExecCommand(argv);
    }

    static ZtExecCommand of(String... argv) {
        return new ZtExecCommand(List.of(argv));
    }

    /** The working directory (default: this JVM's). */
    ZtExecCommand directory(Path dir) {
        this.directory = dir;
        return this;
    }

    /** Adds or overrides one environment variable of the child; the rest is inherited. */
    ZtExecCommand environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    ZtExecCommand environment(Map<String, String> vars) {
        environment.putAll(vars);
        return this;
    }

    /** Bytes fed to standard input, followed by end-of-file. Default: none. */
    ZtExecCommand stdin(String text) {
        this.stdin = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** Receives each line of standard output and standard error as the program prints it. */
    ZtExecCommand onLine(Consumer<String> sink) {
        this.lineSink = Objects.requireNonNull(sink, "sink");
        return this;
    }

    /**
     * How many bytes of standard output, and as many of standard error, the result keeps (the first ones); what
     * comes after is still read, so the program never blocks on a full pipe, and is counted in
     * {@link CommandResult#stdoutDropped()} / {@link CommandResult#stderrDropped()}. 0 keeps nothing.
     */
    ZtExecCommand captureLimit(int bytesPerStream) {
        if (bytesPerStream < 0) {
            throw new IllegalArgumentException("capture limit " + bytesPerStream + " < 0");
        }
        this.captureLimit = bytesPerStream;
        return this;
    }

    /**
     * Receives every byte of standard output as it arrives, whatever the capture limit: for output too large to
     * keep. Not closed by this class. If it throws, it receives nothing more, the program still runs to its end
     * with its output read, and {@link #run()} then throws.
     */
    ZtExecCommand stdoutTo(OutputStream sink) {
        this.stdoutSink = Objects.requireNonNull(sink, "sink");
        return this;
    }

    /** Like {@link #stdoutTo(OutputStream)}, for standard error. */
    ZtExecCommand stderrTo(OutputStream sink) {
        this.stderrSink = Objects.requireNonNull(sink, "sink");
        return this;
    }

    ZtExecCommand timeout(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.deadline = null;
        return this;
    }

    /** Bounds this run by an existing deadline (takes precedence over {@link #timeout(Duration)}). */
    ZtExecCommand deadline(Deadline deadline) {
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        return this;
    }

    /**
     * Runs the program in a session of its own ({@code setsid}, where the host has it), so that a terminal's
     * Ctrl-C, which reaches every process of the foreground group, does not reach it: for work that must finish,
     * such as a teardown's {@code netlab down} while the user presses Ctrl-C again. The deadline and the
     * whole-tree kill still bound it. The result's argv is the program's own.
     */
    ZtExecCommand ownSession() {
        this.ownSession = true;
        return this;
    }

    public List<String> argv() {
        return argv;
    }

    /**
     * Runs the program and returns when it has exited or has been killed at the deadline.
     *
     * @throws CommandNotStartedException when the program cannot be started at all (missing, not executable)
     * @throws java.io.UncheckedIOException when a sink given to {@link #stdoutTo} or {@link #stderrTo} failed
     *                                      (after the program ended)
     */
    public CommandResult run() {
        Deadline limit = deadline != null ? deadline : Deadline.after(timeout);
        long start = System.nanoTime();
        Tail tail = new Tail(TAIL_LINES);
        Capture out = new Capture(captureLimit);
        Capture err = new Capture(captureLimit);
        Sink outSink = new Sink(stdoutSink);
        Sink errSink = new Sink(stderrSink);
        Consumer<String> lines = line -> {
            tail.add(line);
            lineSink.accept(line);
        };
        BoundedPumps pumps = new BoundedPumps(
                new Tee(out, outSink, new BoundedLines(lines)),
                new Tee(err, errSink, new BoundedLines(lines)),
                new ByteArrayInputStream(stdin));
        List<String> started0 = argv;
        if (ownSession && SETSID.isPresent()) {
            // A child of the JVM is no group leader, so setsid calls setsid(2) and execs in place: same pid, and
            // the tree kill below still reaches everything it starts.
            started0 = new java.util.ArrayList<>(argv.size() + 1);
            started0.add(SETSID.get().toString());
            started0.addAll(argv);
        }
        ProcessExecutor executor = new CallerThreadExecutor()
                .command(started0)
                // zt-exec merges stderr into stdout unless told otherwise; CommandResult promises them apart.
                .redirectErrorStream(false)
                .streams(pumps)
                .redirectErrorStream(false)
                .exitValueAny();
        if (directory != null) {
            executor.directory(directory.toFile());
        }
        executor.environment(environment);

        StartedProcess started;
        try {
            started = executor.start();
        } catch (IOException e) {
            throw new CommandNotStartedException(argv, directory, e);
        }
        Process process = started.getProcess();
        boolean timedOut = false;
        try {
            if (!process.waitFor(limit.remaining().toNanos(), TimeUnit.NANOSECONDS)) {
                timedOut = true;
                ProcessTrees.kill(process.toHandle(), KILL_GRACE);
            }
        } catch (InterruptedException e) {
            ProcessTrees.kill(process.toHandle(), KILL_GRACE);
            Thread.currentThread().interrupt();
            timedOut = true;
        }
        pumps.joinBounded(PUMP_JOIN);
        int exit = exitCodeOf(process, started.getFuture());
        for (Sink sink : List.of(outSink, errSink)) {
            if (sink.failure != null) {
                throw new java.io.UncheckedIOException("Output sink of '" + String.join(" ", argv) + "' failed"
                        + " (the program ran on to exit " + exit + " with its output read and dropped): "
                        + sink.failure.getMessage(), sink.failure);
            }
        }
        return new CommandResult(argv, exit, out.text(), err.text(), tail.lines(),
                Duration.ofNanos(System.nanoTime() - start), timedOut, out.dropped(), err.dropped());
    }

    private static int exitCodeOf(Process process, Future<ProcessResult> waitTask) {
        // The task was never submitted anywhere: running it here, after the process has exited and the pumps
        // are joined, only closes the streams; it cannot block.
        if (waitTask instanceof FutureTask<ProcessResult> task && !process.isAlive()) {
            task.run();
        }
        try {
            return process.exitValue();
        } catch (IllegalThreadStateException stillAlive) {
            return -1;
        }
    }

    /** zt-exec without its executor: the wait task is handed back unrun, and this class runs it. */
    private static final class CallerThreadExecutor extends ProcessExecutor {
        @Override
        protected ExecutorService newExecutor(String processName) {
            return null;
        }

        @Override
        protected <T> Future<T> invokeSubmit(ExecutorService executor, Callable<T> task) {
            return new FutureTask<>(task);
        }
    }

    /** zt-exec's pumps, except that stopping them waits a bounded time (a leaked grandchild may hold a pipe). */
    private static final class BoundedPumps extends PumpStreamHandler {
        BoundedPumps(OutputStream out, OutputStream err, java.io.InputStream in) {
            super(out, err, in);
        }

        @Override
        protected Thread createPump(java.io.InputStream is, OutputStream os, boolean closeWhenExhausted,
                                    boolean flushImmediately) {
            // zt-exec reads 1 KiB at a time; large output (the reason for the capture bound) reads faster in 64 KiB.
            return newThread(new org.zeroturnaround.exec.stream.StreamPumper(is, os, closeWhenExhausted,
                    PUMP_BUFFER_BYTES, flushImmediately));
        }

        void joinBounded(Duration limit) {
            Deadline d = Deadline.after(limit);
            for (Thread t : new Thread[] {outputThread, errorThread}) {
                if (t == null) {
                    continue;
                }
                try {
                    t.join(Math.max(1, d.remaining().toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (outputThread != null && !outputThread.isAlive()) {
                outputThread = null;
            }
            if (errorThread != null && !errorThread.isAlive()) {
                errorThread = null;
            }
            if (inputThread != null && !inputThread.isAlive()) {
                inputThread = null;
            }
        }

        @Override
        public void stop() {
            // Called by zt-exec's closer: only threads already known to be finished are left to join.
            joinBounded(Duration.ZERO);
            if (outputThread == null && errorThread == null && inputThread == null) {
                super.stop();
            } else {
                flush();
            }
        }
    }

    /** One pumped stream to its three readers; none of them throws, so the pump never stops reading. */
    private static final class Tee extends OutputStream {
        private final Capture capture;
        private final Sink sink;
        private final BoundedLines lines;

        Tee(Capture capture, Sink sink, BoundedLines lines) {
            this.capture = capture;
            this.sink = sink;
            this.lines = lines;
        }

        @Override
        public void write(int c) {
            write(new byte[] {(byte) c}, 0, 1);
        }

        @Override
        public void write(byte[] buf, int off, int len) {
            capture.write(buf, off, len);
            sink.write(buf, off, len);
            lines.write(buf, off, len);
        }

        @Override
        public void flush() {
            sink.flush();
            lines.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }

    /** The first {@code limit} bytes of a stream, and a count of the rest. */
    private static final class Capture {
        private final int limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private long dropped;

        Capture(int limit) {
            this.limit = limit;
        }

        synchronized void write(byte[] buf, int off, int len) {
            int room = Math.max(0, limit - kept.size());
            int n = Math.min(room, len);
            kept.write(buf, off, n);
            dropped += len - n;
        }

        synchronized String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }

        synchronized long dropped() {
            return dropped;
        }
    }

    /** The caller's sink, detached at its first failure (which {@link #run()} reports once the program ended). */
    private static final class Sink {
        private final OutputStream target;
        private volatile IOException failure;

        Sink(OutputStream target) {
            this.target = target;
        }

        void write(byte[] buf, int off, int len) {
            if (target == null || failure != null) {
                return;
            }
            try {
                target.write(buf, off, len);
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new IOException(e.toString(), e);
            }
        }

        void flush() {
            if (target == null || failure != null) {
                return;
            }
            try {
                target.flush();
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new IOException(e.toString(), e);
            }
        }
    }

    private static final class Tail {
        private final int max;
        private final Deque<String> lines = new ArrayDeque<>();

        Tail(int max) {
            this.max = max;
        }

        synchronized void add(String line) {
            if (lines.size() == max) {
                lines.removeFirst();
            }
            // The tail goes into error messages: 50 lines, each cut to a readable length.
            lines.addLast(line.length() <= TAIL_LINE_CHARS ? line
                    : line.substring(0, TAIL_LINE_CHARS) + " [" + (line.length() - TAIL_LINE_CHARS) + " more characters]");
        }

        synchronized List<String> lines() {
            return new ArrayList<>(lines);
        }
    }
}
