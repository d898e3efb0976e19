package dev.netlabjunit.reliability;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.util.Arrays;

import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The plain-JVM cells' test JVM: a launcher session runs the named classes, closes, and {@code main} returns
 * <em>without</em> {@code System.exit}. The JVM must then end by itself: a non-daemon thread left by netlab-junit
 * would keep it alive (the "press Ctrl-C twice" failure), and the kill matrix measures that.
 */
public final class PlainJvmMain {

    static final String RETURNING = "[plain-jvm] main returns";

    private PlainJvmMain() {
    }

    public static void main(String[] args) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(Arrays.stream(args).map(name -> selectClass(name)).toList())
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        try (LauncherSession session = LauncherFactory.openSession()) {
            session.getLauncher().execute(request, listener);
        }
        TestExecutionSummary summary = listener.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        summary.printFailuresTo(out, 20);
        out.println("[plain-jvm] tests found=" + summary.getTestsFoundCount() + " failed="
                + summary.getTotalFailureCount());
        out.println(RETURNING);
        out.flush();
    }
}
