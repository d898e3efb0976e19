package dev.netlabjunit.reliability;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.netlabjunit.reliability.Cell.Runner;
import dev.netlabjunit.testsupport.LauncherMain;

/** What a run's printed lines say: its teardowns, whether its tests passed, what its sweep removed. */
final class RunOutput {

    private static final Pattern TEARDOWN_END =
            Pattern.compile("\\[netlab-junit\\] teardown \\S+ \\((\\w+)\\) \\+(\\d+) ms: (done|INCOMPLETE|FAILED)");

    private RunOutput() {
    }

    /** The longest teardown the run reported (its own "+N ms: done" line), or 0 if none. */
    static long teardownMillis(Launched run) {
        long longest = 0;
        for (String line : run.lines()) {
            Matcher m = TEARDOWN_END.matcher(line);
            if (m.find()) {
                longest = Math.max(longest, Long.parseLong(m.group(2)));
            }
        }
        return longest;
    }

    /** When a plain JVM's {@code main} said it returns, if it did. */
    static Optional<Long> mainReturnedAt(Launched run) {
        return run.seen(LauncherMain.RETURNING);
    }

    /** Whether the run's one scenario test passed: a plain JVM says so, a build by its exit code. */
    static boolean passed(Runner runner, Launched run) {
        if (runner != Runner.PLAIN_JVM) {
            return run.exitCode() == 0;
        }
        try {
            return LauncherMain.summaryValue(run.output(), "found") == 1
                    && LauncherMain.summaryValue(run.output(), "failed") == 0;
        } catch (IllegalStateException noSummary) {
            return false;
        }
    }

    /** How many of {@code oldKeys} the run's sweep reported removing. */
    static long swept(List<String> oldKeys, Launched run) {
        String output = run.output();
        return oldKeys.stream().filter(k -> output.contains("sweep: lab " + k)).count();
    }
}
