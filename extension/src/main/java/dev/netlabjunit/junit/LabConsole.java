package dev.netlabjunit.junit;

import org.apiguardian.api.API;

import dev.netlabjunit.internal.lifecycle.LabEvent;
import dev.netlabjunit.internal.lifecycle.LabEventPrinter;
import dev.netlabjunit.internal.lifecycle.LabOutput;

/**
 * Where the extension sends a lab's output: the engine's lines (netlab's output) and the start events to stderr,
 * every event to the session summary. Teardown events are not printed again: the teardown prints them itself, on
 * every path, since it may run where nobody listens (a shutdown hook).
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
final class LabConsole implements LabOutput {

    private final SessionSummary summary;

    LabConsole(SessionSummary summary) {
        this.summary = summary;
    }

    @Override
    public void accept(String engineLine) {
        System.err.println(engineLine);
    }

    @Override
    public void event(LabEvent event) {
        summary.record(event);
        if (event.phase() != LabEvent.Phase.TEARDOWN) {
            LabEventPrinter.print(event);
        }
    }
}
