package dev.netlabjunit.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Arrays;

import org.apiguardian.api.API;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * A test run in miniature, as an IDE or Surefire does it: opens a launcher session (so service-loaded session
 * listeners run), runs the named classes, and prints {@code [run] session-ms=<ms> found=<n> failed=<n>} where
 * session-ms is the time from opening the session to closing it. Exits 0 when every test passed.
 */
@API(status = API.Status.INTERNAL)
public final class LauncherMain {

    private LauncherMain() {
    }

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(Arrays.stream(args).map(name -> selectClass(name)).toList())
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        try (LauncherSession session = LauncherFactory.openSession()) {
            session.getLauncher().execute(request, listener);
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        TestExecutionSummary summary = listener.getSummary();
        summary.printFailuresTo(new java.io.PrintWriter(System.out, true), 10);
        System.out.println("[run] session-ms=" + ms + " found=" + summary.getTestsFoundCount() + " failed="
                + summary.getTotalFailureCount());
        System.out.flush();
        System.exit(summary.getTotalFailureCount() == 0 && summary.getTestsFoundCount() > 0 ? 0 : 1);
    }
}
