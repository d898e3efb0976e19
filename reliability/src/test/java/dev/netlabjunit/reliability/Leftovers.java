package dev.netlabjunit.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import dev.netlabjunit.standin.RealNetlabWrapper;

/**
 * What a cell may have left behind: owner records and published shares in its state root, entries in the cell's
 * netlab status files,
 * network namespaces and host links of its labs, FRR pathspace directories and daemons of its labs, and processes (anything whose command line or working directory
 * is inside the cell's directory, or whose command line carries the cell's marker: the {@code sleep} started in a
 * node).
 */
final class Leftovers {

    private Leftovers() {
    }

    static List<String> find(Path cellDir, Path stateRoot, List<RealNetlabWrapper> standIns, Set<String> labKeys,
            String marker) {
        List<String> left = new ArrayList<>();
        for (String record : records(stateRoot)) {
            left.add("record " + record);
        }
        // A published share (<key>.lab) names a running shared lab; lock files are kept by design (docs/parallel.md).
        for (String name : names(stateRoot.resolve("shared"))) {
            if (name.endsWith(".lab")) {
                left.add("share " + name);
            }
        }
        for (RealNetlabWrapper netlab : standIns) {
            netlab.statusEntries().keySet().forEach(id -> left.add("netlab status entry " + id));
        }
        for (String name : names(Path.of("/var/run/netns"))) {
            if (labKeys.stream().anyMatch(k -> name.startsWith("nlj-" + k))) {
                left.add("namespace " + name);
            }
        }
        for (String name : names(Path.of("/sys/class/net"))) {
            if (labKeys.stream().anyMatch(k -> name.equals("nlj" + k))) {
                left.add("host link " + name);
            }
        }
        // FRR nodes: pathspace directories and daemons, named nlj-<labKey>-<node>.
        for (Path base : List.of(Path.of("/var/run/frr"), Path.of("/etc/frr"))) {
            for (String name : names(base)) {
                if (labKeys.stream().anyMatch(k -> name.startsWith("nlj-" + k + "-"))) {
                    left.add("FRR directory " + base.resolve(name));
                }
            }
        }
        ProcessHandle.allProcesses().forEach(h -> {
            String cmd = h.info().commandLine().orElse("");
            if (cmd.startsWith("/usr/lib/frr/") && Running.isRunning(h.pid())
                    && labKeys.stream().anyMatch(k -> cmd.contains("-N nlj-" + k + "-"))) {
                left.add("FRR daemon " + h.pid() + " " + cmd);
            }
        });
        processes(cellDir, marker).forEach(p -> left.add("process " + p));
        return left;
    }

    /** Owner record names (lab keys) in the state root. */
    static List<String> records(Path stateRoot) {
        List<String> keys = new ArrayList<>();
        for (String name : names(stateRoot.resolve("owners"))) {
            if (name.endsWith(".record")) {
                keys.add(name.substring(0, name.length() - ".record".length()));
            }
        }
        return keys;
    }

    /** Processes other than this JVM tied to the cell, as {@code pid command line}. */
    static List<String> processes(Path cellDir, String marker) {
        List<String> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses().forEach(h -> {
            // A zombie has exited: it only waits for PID 1 to reap it (slow on some hosts), nothing runs.
            if (h.pid() == self || !Running.isRunning(h.pid())) {
                return;
            }
            String cmd = h.info().commandLine().orElse("");
            Path cwd = null;
            try {
                cwd = Path.of("/proc", Long.toString(h.pid()), "cwd").toRealPath();
            } catch (IOException | SecurityException gone) {
                // exited meanwhile, or a kernel thread
            }
            boolean sleepInNode = cmd.contains("sleep 600 " + marker);
            if (sleepInNode || cmd.contains(cellDir.toString()) || (cwd != null && cwd.startsWith(cellDir))) {
                found.add(h.pid() + " " + (cmd.length() > 160 ? cmd.substring(0, 160) + "..." : cmd));
            }
        });
        return found;
    }

    private static List<String> names(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of("(cannot list " + dir + ": " + e.getMessage() + ")");
        }
    }
}
