package dev.netlabjunit.bench;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.apiguardian.api.API;

import dev.netlabjunit.internal.process.Command;
import dev.netlabjunit.internal.process.CommandResult;

/**
 * What one external program costs through the library's process runner, before and after zt-exec was dropped:
 * {@code runs} times {@code /bin/true} (default 200) through a bare {@link ProcessBuilder} (the floor), through
 * {@link ZtExecCommand} (the runner as it was, on zt-exec with slf4j-nop bound) and through {@link Command} (now),
 * interleaved run by run so that a load change on the host hits all three alike. Prints the median and the
 * quartiles in nanoseconds, side by side.
 *
 * <p>{@code java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)
 * dev.netlabjunit.bench.CommandOverhead [runs]}
 */
@API(status = API.Status.INTERNAL)
public final class CommandOverhead {

    private static final String PROGRAM = "/bin/true";
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final int WARMUP = 20;

    private CommandOverhead() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        System.out.println(run(runs));
    }

    /** The table, as Markdown. */
    public static String run(int runs) throws IOException, InterruptedException {
        long[] bare = new long[runs];
        long[] zt = new long[runs];
        long[] now = new long[runs];
        for (int i = -WARMUP; i < runs; i++) {
            long b = timeBare();
            long z = timeZtExec();
            long c = timeCommand();
            if (i >= 0) {
                bare[i] = b;
                zt[i] = z;
                now[i] = c;
            }
        }
        StringBuilder md = new StringBuilder();
        md.append(runs).append(" runs of ").append(PROGRAM).append(" each, interleaved, after ").append(WARMUP)
                .append(" warm-up rounds; load average ").append(Machine.load()).append(".\n\n");
        md.append("| runner | median ns | p25 ns | p75 ns |\n|---|---:|---:|---:|\n");
        row(md, "ProcessBuilder alone (floor)", bare);
        row(md, "Command on zt-exec 1.13.0 (before)", zt);
        row(md, "Command on ProcessBuilder (after)", now);
        md.append("\nmedian overhead over the floor: before ").append(fmt(median(zt) - median(bare)))
                .append(" ns, after ").append(fmt(median(now) - median(bare))).append(" ns\n");
        return md.toString();
    }

    private static long timeBare() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(List.of(PROGRAM)).redirectInput(new File("/dev/null"))
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(PROGRAM + " did not exit");
        }
        return check(p.exitValue(), System.nanoTime() - t0);
    }

    private static long timeZtExec() {
        long t0 = System.nanoTime();
        CommandResult r = ZtExecCommand.of(PROGRAM).timeout(BOUND).run();
        return check(r.exitCode(), System.nanoTime() - t0);
    }

    private static long timeCommand() {
        long t0 = System.nanoTime();
        CommandResult r = Command.of(PROGRAM).timeout(BOUND).run();
        return check(r.exitCode(), System.nanoTime() - t0);
    }

    private static long check(int exit, long nanos) {
        if (exit != 0) {
            throw new IllegalStateException(PROGRAM + " exited " + exit);
        }
        return nanos;
    }

    private static void row(StringBuilder md, String name, long[] samples) {
        long[] s = samples.clone();
        Arrays.sort(s);
        md.append("| ").append(name).append(" | ").append(fmt(median(samples))).append(" | ")
                .append(fmt(s[s.length / 4])).append(" | ").append(fmt(s[(s.length * 3) / 4])).append(" |\n");
    }

    private static long median(long[] samples) {
        long[] s = samples.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static String fmt(long nanos) {
        return String.format(Locale.ROOT, "%,d", nanos);
    }
}
