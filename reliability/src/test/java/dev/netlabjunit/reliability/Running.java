package dev.netlabjunit.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process still runs, as the kill matrix must judge it. {@link ProcessHandle#isAlive()} counts a zombie
 * as alive, and a test JVM whose parent died (Surefire's per-fork shell, killed with the build by Ctrl-C) is
 * reaped by PID 1, which on some hosts (CI sandboxes, containers) takes seconds: the JVM has exited, and its exit
 * time must not include that wait.
 */
final class Running {

    private Running() {
    }

    /** True while {@code pid} exists and is not a zombie. */
    static boolean isRunning(long pid) {
        String[] f = statFields(pid);
        return f.length > 0 && !f[0].equals("Z") && !f[0].equals("X");
    }

    /** The session id of a running process, or -1. */
    static long sessionOf(long pid) {
        String[] f = statFields(pid);
        return isRunning(pid) && f.length > 3 ? Long.parseLong(f[3]) : -1;
    }

    /** Whether a running process of group {@code group} belongs to session {@code session}. */
    static boolean groupInSession(long group, long session) {
        return ProcessHandle.allProcesses().anyMatch(h -> {
            String[] f = statFields(h.pid());
            return f.length > 3 && isRunning(h.pid()) && Long.parseLong(f[2]) == group
                    && Long.parseLong(f[3]) == session;
        });
    }

    /** The fields of /proc/PID/stat after the command: state, ppid, pgrp, session, ...; empty if gone. */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (command) S ...": the command may contain spaces and parentheses; the fields follow the last ')'.
            int close = stat.lastIndexOf(')');
            return close < 0 ? new String[0] : stat.substring(close + 1).trim().split(" ");
        } catch (IOException gone) {
            return new String[0];
        }
    }
}
