package dev.netlabjunit.testsupport;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * A test JVM in miniature, as Surefire or an IDE runs one: opens a launcher session (so service-loaded session
 * listeners and the launcher-session store behave as they do there), runs the named classes, closes the session
 * and prints {@value #SUMMARY}{@code found=<n> succeeded=<n> failed=<n> session-ms=<ms>}, where session-ms is the
 * time from opening the session to closing it.
 *
 * <p>Arguments: {@code [--return] CLASS...}. Without {@code --return} the JVM exits with 0 when tests were found and
 * none failed, else 1. With it, {@code main} prints {@value #RETURNING} and returns <em>without</em>
 * {@code System.exit}: the JVM must then end by itself, which a non-daemon thread left behind would prevent.
 */
public final class LauncherMain {

    /** Starts the summary line. */
    public static final String SUMMARY = "[launcher] ";
    /** The last line with {@code --return}, printed just before {@code main} returns. */
    public static final String RETURNING = "[launcher] main returns";

    private static final int FAILURES_SHOWN = 20;

    private LauncherMain() {
    }

    public static void main(String[] args) {
        boolean returns = args.length > 0 && args[0].equals("--return");
        List<String> classes = new ArrayList<>(List.of(args).subList(returns ? 1 : 0, args.length));
        long t0 = System.nanoTime();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(classes.stream().map(name -> selectClass(name)).toList())
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        try (LauncherSession session = LauncherFactory.openSession()) {
            session.getLauncher().execute(request, listener);
        }
        double sessionMillis = (System.nanoTime() - t0) / 1e6;
        TestExecutionSummary summary = listener.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        summary.printFailuresTo(out, FAILURES_SHOWN);
        out.println(summaryLine(summary.getTestsFoundCount(), summary.getTestsSucceededCount(),
                summary.getTotalFailureCount()) + " session-ms=" + sessionMillis);
        if (returns) {
            out.println(RETURNING);
            out.flush();
            return;
        }
        out.flush();
        System.exit(summary.getTotalFailureCount() == 0 && summary.getTestsFoundCount() > 0 ? 0 : 1);
    }

    /** The start of the summary line for these counts, for callers that check a run's result from its output. */
    public static String summaryLine(long found, long succeeded, long failed) {
        return SUMMARY + "found=" + found + " succeeded=" + succeeded + " failed=" + failed;
    }

    /** The number after {@code key=} on the summary line in {@code output}. */
    public static double summaryValue(String output, String key) {
        for (String line : output.split("\n")) {
            if (line.startsWith(SUMMARY) && !line.equals(RETURNING)) {
                for (String word : line.substring(SUMMARY.length()).split(" ")) {
                    if (word.startsWith(key + "=")) {
                        return Double.parseDouble(word.substring(key.length() + 1));
                    }
                }
            }
        }
        throw new IllegalStateException("no " + key + " on a summary line of:\n" + output);
    }
}
