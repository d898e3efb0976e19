package dev.netlabjunit.reliability;

import java.time.Duration;

import dev.netlabjunit.internal.process.Command;
import dev.netlabjunit.internal.process.CommandResult;

/**
 * Sends a cell's signals, only ever to processes of the cell's own run: the test JVMs it noted, the launched build
 * (directly or below this JVM), or a process group of the session the build runs in.
 */
final class Signals {

    private final TestJvms jvms;
    private final Findings findings;
    /** The session of the build a group signal went to (setsid: the root's pid), or 0. */
    private long session;

    Signals(TestJvms jvms, Findings findings) {
        this.jvms = jvms;
        this.findings = findings;
    }

    /** To the process group of the launched build (Ctrl-C, a closed terminal). */
    void group(String signal, ProcessHandle root) {
        if (root == null) {
            findings.problem("no process to send SIG" + signal + " to");
            return;
        }
        session = root.pid();
        send(signal, -root.pid());
    }

    /** To every noted test JVM that still runs. */
    void testJvms(String signal) {
        if (jvms.pids().isEmpty()) {
            findings.problem("no test JVM to send SIG" + signal + " to");
        }
        for (long pid : jvms.pids()) {
            if (jvms.isSameJvmRunning(pid)) {
                send(signal, pid);
            }
        }
    }

    /** To the launched process itself (mvn). */
    void root(String signal, ProcessHandle root) {
        if (root == null) {
            findings.problem("no mvn process to send SIG" + signal + " to");
        } else {
            send(signal, root.pid());
        }
    }

    /**
     * Sends a signal to one process ({@code pidOrGroup > 1}) or one process group ({@code < -1}). Anything else is
     * refused: {@code kill -SIG -1} would signal every process of the user (as root: the whole machine).
     */
    private void send(String signal, long pidOrGroup) {
        if (pidOrGroup >= -1 && pidOrGroup <= 1) {
            throw new IllegalArgumentException("refusing to send SIG" + signal + " to " + pidOrGroup);
        }
        long pid = Math.abs(pidOrGroup);
        // Only processes this JVM started (directly or below), or a group in the session this cell's build runs in
        // (setsid: its id is the build's root pid; the group outlives mvn when Ctrl-C killed it and the fork is
        // still tearing down): never anything else on the machine.
        boolean ours = ProcessHandle.current().descendants().anyMatch(h -> h.pid() == pid)
                || (session > 1 && (pidOrGroup < 0 ? Running.groupInSession(pid, session)
                : Running.sessionOf(pid) == session));
        if (!ours) {
            findings.note("SIG" + signal + " not sent: " + (pidOrGroup < 0 ? "group " : "") + pid
                    + " has no running process of this run left");
            return;
        }
        CommandResult r = Command.of("kill", "-" + signal, "--", Long.toString(pidOrGroup))
                .timeout(Duration.ofSeconds(10)).run();
        if (!r.succeeded()) {
            findings.note(r.commandLine() + " failed: " + r.tailText());
        }
    }
}
