package dev.netlabjunit.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import dev.netlabjunit.standin.RealNetlabWrapper;

/**
 * What a cell may have left behind: owner records and published shares in its state root, entries in the cell's
 * netlab status files, network namespaces and host links of its labs, FRR pathspace directories and running FRR
 * daemons of its labs, and processes (anything whose command line or working directory is inside the cell's
 * directory, or whose command line carries the cell's marker: the {@code sleep} started in a node).
 */
final class Leftovers {

    private static final Path FRR_RUN = Path.of("/var/run/frr");
    private static final String FRR_DAEMONS = "/usr/lib/frr/";

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
        frrDirectories(labKeys).forEach(d -> left.add("FRR directory " + d));
        frrDaemons(labKeys).forEach(d -> left.add("FRR daemon " + d));
        frrMounts(labKeys).forEach(m -> left.add("FRR mount " + m));
        processes(cellDir, marker).forEach(p -> left.add("process " + p));
        return left;
    }

    /** FRR pathspace directories of these labs: {@code /var/run/frr/nlj-<labKey>-<node>} (and under /etc/frr). */
    static List<String> frrDirectories(Set<String> labKeys) {
        List<String> found = new ArrayList<>();
        for (Path base : List.of(FRR_RUN, Path.of("/etc/frr"))) {
            for (String name : names(base)) {
                if (labKeys.stream().anyMatch(k -> name.startsWith("nlj-" + k + "-"))) {
                    found.add(base.resolve(name).toString());
                }
            }
        }
        return found;
    }

    /**
     * What an FRR node's own view of FRR's directories leaves if its teardown misses it: the lab's folder under
     * {@code /run/netlab-junit/mnt} ({@code nlj-<labKey>}, one mount-namespace file per node) and any line of the
     * host's mount table that names it.
     */
    static List<String> frrMounts(Set<String> labKeys) {
        List<String> found = new ArrayList<>();
        Path base = Path.of("/run/netlab-junit/mnt");
        for (String name : names(base)) {
            if (labKeys.stream().anyMatch(k -> name.equals("nlj-" + k))) {
                found.add(base.resolve(name).toString());
            }
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
                String[] fields = line.split(" ");
                if (fields.length > 4 && labKeys.stream().anyMatch(k -> fields[4].startsWith(base + "/nlj-" + k))) {
                    found.add("mounted at " + fields[4]);
                }
            }
        } catch (IOException e) {
            found.add("(cannot read /proc/self/mountinfo: " + e.getMessage() + ")");
        }
        return found;
    }

    /**
     * Running FRR daemons of these labs, as {@code pid command line}: processes of {@code /usr/lib/frr} whose
     * pathspace ({@code -N nlj-<labKey>-<node>}) names one of them, inside a namespace or not. One pass over /proc
     * reading only {@code cmdline}, fast enough to be called right before a strike.
     */
    static List<String> frrDaemons(Set<String> labKeys) {
        List<String> found = new ArrayList<>();
        if (labKeys.isEmpty()) {
            return found;
        }
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            for (Path entry : s.toList()) {
                String pid = entry.getFileName().toString();
                if (pid.isEmpty() || !Character.isDigit(pid.charAt(0))) {
                    continue;
                }
                String[] args;
                try {
                    args = new String(Files.readAllBytes(entry.resolve("cmdline")), StandardCharsets.UTF_8)
                            .split("\0");
                } catch (IOException gone) {
                    continue;
                }
                if (args.length == 0 || !args[0].startsWith(FRR_DAEMONS)) {
                    continue;
                }
                for (int i = 1; i + 1 < args.length; i++) {
                    String ps = args[i + 1];
                    if ((args[i].equals("-N") || args[i].equals("--pathspace"))
                            && labKeys.stream().anyMatch(k -> ps.startsWith("nlj-" + k + "-"))
                            && Running.isRunning(Long.parseLong(pid))) {
                        found.add(pid + " " + String.join(" ", args));
                        break;
                    }
                }
            }
        } catch (IOException e) {
            found.add("(cannot list /proc: " + e.getMessage() + ")");
        }
        return found;
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
