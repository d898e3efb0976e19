package dev.netlabjunit.junit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apiguardian.api.API;

import dev.netlabjunit.internal.config.Settings;
import dev.netlabjunit.internal.lifecycle.LabEvent;
import dev.netlabjunit.lab.TeardownTrigger;

/**
 * The end-of-session summary on {@code System.err}: each lab, its bring-up time, the classes it served, and how
 * and how fast it was torn down (from the lab's last teardown event, which {@link LabConsole} passes on).
 *
 * <p>It lives in the launcher-session store and is put there before any lab: the store closes values in reverse
 * insertion order, so this one closes after every lab and sees their teardown reports.
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
final class SessionSummary implements AutoCloseable {

    private final List<SharedLab> labs = new ArrayList<>();
    /** The event that ended each lab's latest teardown in this JVM, by lab key. */
    private final Map<String, LabEvent> teardownEnds = new HashMap<>();

    synchronized void add(SharedLab lab) {
        labs.add(lab);
    }

    /** Keeps the events that say how a teardown ended; the summary reads nothing else about teardowns. */
    synchronized void record(LabEvent event) {
        if (event.endsTeardown()) {
            teardownEnds.put(event.labKey(), event);
        }
    }

    synchronized List<SharedLab> labs() {
        return new ArrayList<>(labs);
    }

    @Override
    public void close() {
        List<String> lines = lines();
        for (String line : lines) {
            System.err.println(line);
        }
    }

    synchronized List<String> lines() {
        List<String> lines = new ArrayList<>();
        if (labs.isEmpty()) {
            return lines;
        }
        lines.add("[netlab-junit] session summary: " + labs.size() + " lab(s)");
        for (SharedLab shared : labs) {
            lines.add("[netlab-junit]   " + describe(shared, teardownEnds));
        }
        return lines;
    }

    private static String describe(SharedLab shared, Map<String, LabEvent> teardownEnds) {
        LabDefinition d = shared.definition();
        String name = d.topology().getFileName() + " [" + d.identity().shortText() + "]";
        List<String> classes = shared.classesServed();
        String served = "served " + classes.size() + " class(es) " + simpleNames(classes);
        Optional<RuntimeException> failure = shared.failure();
        if (failure.isPresent()) {
            return name + ": did not start (" + firstLine(failure.get()) + "); " + served;
        }
        String key = shared.lab().map(l -> {
            try {
                return l.labKey();
            } catch (RuntimeException e) {
                return "?";
            }
        }).orElse("?");
        boolean attached = shared.lab().map(dev.netlabjunit.fixture.Lab::isAttached).orElse(false);
        String up = shared.bringUp().map(b -> (attached ? "attached (started by another JVM) in " : "up in ")
                + b.toMillis() + " ms").orElse("not started");
        boolean kept = shared.lab().map(dev.netlabjunit.fixture.Lab::isReused).orElse(false);
        String down = kept ? "kept for reuse by the next run (" + Settings.REUSE.key() + ")"
                : Optional.ofNullable(teardownEnds.get(key)).map(SessionSummary::teardown)
                        .orElse("not torn down yet (the shutdown hook or the next run's sweep will)");
        return "lab " + key + " " + name + ": " + up + ", " + served + ", " + down;
    }

    private static String teardown(LabEvent end) {
        String path = end.trigger().map(TeardownTrigger::label).orElse("?");
        return switch (end.outcome()) {
            case LEFT -> "left by the " + path + " path (other JVMs still use it)";
            case DONE -> "torn down by the " + path + " path in " + end.elapsed().toMillis() + " ms";
            default -> "torn down by the " + path + " path in " + end.elapsed().toMillis() + " ms, "
                    + end.outcome() + ": " + end.detail();
        };
    }

    private static List<String> simpleNames(List<String> classNames) {
        List<String> simple = new ArrayList<>();
        for (String c : classNames) {
            simple.add(c.substring(c.lastIndexOf('.') + 1));
        }
        return simple;
    }

    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return t.getClass().getSimpleName() + ": " + (nl < 0 ? m : m.substring(0, nl));
    }
}
