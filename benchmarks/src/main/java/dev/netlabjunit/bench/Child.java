package dev.netlabjunit.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apiguardian.api.API;

import dev.netlabjunit.process.Command;
import dev.netlabjunit.process.CommandResult;

/**
 * A child JVM run through {@link Command} on a thread of its own, so the caller can watch its lines, signal it and
 * time its exit. Bounded: the whole tree is killed at {@code bound}.
 */
@API(status = API.Status.INTERNAL)
public final class Child {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread runner;
    private final long startedAt = System.nanoTime();
    private volatile CommandResult result;
    private volatile RuntimeException failure;
    private volatile long exitedAt;

    private Child(Command command) {
        runner = new Thread(() -> {
            try {
                result = command.onLine(lines::add).run();
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                exitedAt = System.nanoTime();
            }
        }, "bench-child");
        runner.setDaemon(true);
        runner.start();
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java [jvmOptions] -cp classPath mainClass args}. */
    public static Child start(Duration bound, Map<String, String> env, List<String> jvmOptions, String classPath,
                              String mainClass, List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add(java());
        argv.addAll(jvmOptions);
        argv.add("-cp");
        argv.add(classPath);
        argv.add(mainClass);
        argv.addAll(args);
        return new Child(Command.of(argv).environment(env).timeout(bound));
    }

    /** Runs to the end; returns the result and the wall time. */
    public static Run run(Duration bound, Map<String, String> env, List<String> jvmOptions, String classPath,
                          String mainClass, List<String> args) throws InterruptedException {
        Child c = start(bound, env, jvmOptions, classPath, mainClass, args);
        CommandResult r = c.awaitExit(bound.plusSeconds(5));
        return new Run(r, (c.exitedAt - c.startedAt) / 1e6);
    }

    /** The words after {@code STARTED } on the first such line; fails after {@code wait}. */
    public String[] awaitStarted(Duration wait) throws InterruptedException {
        long until = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < until) {
            for (String l : lines) {
                if (l.startsWith("STARTED ")) {
                    return l.substring("STARTED ".length()).split(" ");
                }
            }
            if (!runner.isAlive()) {
                break;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("child JVM did not print STARTED within " + wait + "; its lines:\n"
                + String.join("\n", lines) + (failure != null ? "\n" + failure : ""));
    }

    public CommandResult awaitExit(Duration wait) throws InterruptedException {
        runner.join(wait.toMillis());
        if (runner.isAlive()) {
            throw new IllegalStateException("child JVM still running after " + wait);
        }
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    public long exitedAtNanos() {
        return exitedAt;
    }

    /** A finished child run. */
    public record Run(CommandResult result, double wallMillis) {
        public Run requireSuccess(String what) {
            if (!result.succeeded()) {
                throw new IllegalStateException(what + " failed (exit " + result.exitCode() + "):\n"
                        + result.stdout() + "\n" + result.stderr());
            }
            return this;
        }

        /** The number after {@code key=} on the {@code [run]} line of {@link LauncherMain}. */
        public double runValue(String key) {
            for (String line : result.stdout().split("\n")) {
                if (line.startsWith("[run] ")) {
                    for (String word : line.substring(6).split(" ")) {
                        if (word.startsWith(key + "=")) {
                            return Double.parseDouble(word.substring(key.length() + 1));
                        }
                    }
                }
            }
            throw new IllegalStateException("no " + key + " in the child's output:\n" + result.stdout());
        }
    }
}
