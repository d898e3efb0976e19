package dev.netlabjunit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apiguardian.api.API;

import dev.netlabjunit.lab.EngineChoice;
import dev.netlabjunit.fixture.Lab;
import dev.netlabjunit.routing.Frr;

/**
 * Item 6: FRR on the embedded engine. Lab up (daemons started and configured) at 10 and 50 routers against the
 * same lab without routing modules, the previous FRR start and the current one side by side in one run; a 5-router
 * two-AS lab routed end to end (OSPF Full, BGP Established, r1 holding r5's loopback) with netlab's timers, with
 * either start; memory per FRR node (RSS and PSS of its daemons).
 */
@API(status = API.Status.INTERNAL)
public final class RoutingLabs {

    private RoutingLabs() {
    }

    /** The engine's switch between the previous start (three rounds, vtysh -f) and the current one. */
    static final String START_PROPERTY = "netlabjunit.embedded.frrStart";

    public static String run(Path work) throws IOException {
        StringBuilder md = new StringBuilder("| routers | lab up without FRR | FRR before (staged) | FRR now | "
                + "FRR daemons | RSS per router before / now | PSS per router before / now |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int n : List.of(10, 50)) {
            int shots = n <= 10 ? 3 : 1;
            long[] plain = new long[shots];
            long[] before = new long[shots];
            long[] now = new long[shots];
            long[] memBefore = new long[3];
            long[] memNow = new long[3];
            for (int i = 0; i < shots; i++) {
                // Interleaved, so that both starts see the same load.
                plain[i] = upMillis(work, chain(n, false), "plain" + n + "-" + i, null, null);
                before[i] = upMillis(work, chain(n, true), "before" + n + "-" + i, "staged", i == 0 ? memBefore : null);
                now[i] = upMillis(work, chain(n, true), "now" + n + "-" + i, null, i == 0 ? memNow : null);
            }
            md.append("| ").append(n).append(" | ").append(ms(plain)).append(" | ").append(ms(before)).append(" | ")
                    .append(ms(now)).append(" | ").append(memNow[2]).append(" | ")
                    .append(mib(memBefore[0], n)).append(" / ").append(mib(memNow[0], n)).append(" | ")
                    .append(mib(memBefore[1], n)).append(" / ").append(mib(memNow[1], n)).append(" |\n");
        }
        md.append("\nChains r1…rN, every 5 routers one AS (OSPF inside, IBGP full mesh, EBGP to the next). "
                + "\"Up\" is `Lab.start()` (for FRR: every daemon started and configured); at 10 routers the median "
                + "of 3 interleaved shots (min–max), at 50 one shot. Before: `-D" + START_PROPERTY + "=staged` (every "
                + "zebra, then every other daemon, then one `vtysh -f` per node, each round waiting for its slowest "
                + "process); now: the default. RSS: sum of VmRSS of the lab's /usr/lib/frr processes / routers (shared "
                + "pages counted in each process); PSS: the same with shared pages divided among their users.\n\n");

        md.append(routed(work));
        return md.toString();
    }

    /**
     * The 5-router two-AS lab from {@code start()} to routed end to end, once with each FRR start; also item
     * {@code 6r} of {@code scripts/run-benchmarks.sh}, which runs only this part.
     */
    public static String routed(Path work) throws IOException {
        StringBuilder md = new StringBuilder("| 5 routers, two ASes (ms from `start()`) | before (staged) | now |\n"
                + "|---|---:|---:|\n");
        long[][] routed = {routed5(work, "staged"), routed5(work, null)};
        String[] rows = {"up and configured", "every OSPF adjacency Full",
            "r1 and r4 have each other's loopback (OSPF routes across the AS)", "every BGP session Established",
            "r1 has r5's loopback (routed end to end)"};
        for (int i = 0; i < rows.length; i++) {
            md.append("| ").append(rows[i]).append(" | ").append(routed[0][i]).append(" | ").append(routed[1][i])
                    .append(" |\n");
        }
        md.append("\nnetlab's timers: OSPF hello 10 s, dead 40 s, LSA min-arrival 100 ms, retransmit 5 s (FRR's "
                + "default); BGP with FRR's datacenter profile (netlab's).\n");
        return md.toString();
    }

    private static long[] routed5(Path work, String start) throws IOException {
        Path dir = Files.createDirectories(work.resolve("routed5-" + (start == null ? "now" : start)));
        Path topo = Files.writeString(dir.resolve("topology.yml"), """
                defaults.device: frr
                module: [ ospf, bgp ]
                bgp.as: 65001
                nodes: [ r1, r2, r3, r4, { name: r5, bgp.as: 65002 } ]
                links: [ r1-r2, r2-r3, r3-r4, r4-r5 ]
                """);
        setStart(start);
        try (Lab lab = new Lab(topo).withEngine(EngineChoice.EMBEDDED)
                .withStateRoot(work.resolve("state"))) {
            long t0 = System.nanoTime();
            lab.start();
            long up = (System.nanoTime() - t0) / 1_000_000;
            Duration bound = Duration.ofSeconds(120);
            Frr.awaitOspfFull(lab, "r2", 2, bound);
            Frr.awaitOspfFull(lab, "r3", 2, bound);
            long ospf = (System.nanoTime() - t0) / 1_000_000;
            // The IBGP sessions over loopbacks wait for these routes (next-hop tracking), not for a timer.
            Frr.awaitRoute(lab, "r1", "10.0.0.4/32", bound);
            Frr.awaitRoute(lab, "r4", "10.0.0.1/32", bound);
            long igp = (System.nanoTime() - t0) / 1_000_000;
            for (String r : List.of("r1", "r2", "r3", "r4", "r5")) {
                Frr.awaitBgpEstablished(lab, r, bound);
            }
            long bgp = (System.nanoTime() - t0) / 1_000_000;
            Frr.awaitRoute(lab, "r1", "10.0.0.5/32", bound);
            long routed = (System.nanoTime() - t0) / 1_000_000;
            return new long[] {up, ospf, igp, bgp, routed};
        } finally {
            setStart(null);
        }
    }

    private static void setStart(String start) {
        if (start == null) {
            System.clearProperty(START_PROPERTY);
        } else {
            System.setProperty(START_PROPERTY, start);
        }
    }

    private static String ms(long[] v) {
        long[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length == 1 ? s[0] + " ms" : s[s.length / 2] + " ms (" + s[0] + "–" + s[s.length - 1] + ")";
    }

    private static String mib(long kib, int routers) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", kib / 1024.0 / routers);
    }

    /** A chain of n routers; with routing, every 5 routers form one AS. */
    static String chain(int n, boolean routing) {
        StringBuilder t = new StringBuilder("defaults.device: frr\n");
        if (routing) {
            t.append("module: [ ospf, bgp ]\n");
        }
        t.append("nodes:\n");
        for (int i = 1; i <= n; i++) {
            t.append("  r").append(i).append(":");
            if (routing) {
                t.append(" { bgp.as: ").append(65000 + (i + 4) / 5).append(" }");
            }
            t.append('\n');
        }
        t.append("links:\n");
        for (int i = 1; i < n; i++) {
            t.append("- r").append(i).append("-r").append(i + 1).append('\n');
        }
        return t.toString();
    }

    private static long upMillis(Path work, String topology, String name, String start, long[] mem)
            throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        Path topo = Files.writeString(dir.resolve("topology.yml"), topology);
        setStart(start);
        try (Lab lab = new Lab(topo).withEngine(EngineChoice.EMBEDDED)
                .withStateRoot(work.resolve("state"))) {
            long t0 = System.nanoTime();
            lab.start();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (mem != null) {
                measureMemory(lab.labKey(), mem);
            }
            return ms;
        } finally {
            setStart(null);
        }
    }

    /** mem[0]: total VmRSS KiB, mem[1]: total Pss KiB, mem[2]: number of FRR processes of the lab. */
    private static void measureMemory(String key, long[] mem) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path e : entries) {
                if (!e.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String cmd = new String(Files.readAllBytes(e.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (!cmd.startsWith("/usr/lib/frr/") || !cmd.contains("-N nlj-" + key + "-")) {
                        continue;
                    }
                    mem[0] += kib(e.resolve("status"), "VmRSS:");
                    mem[1] += kib(e.resolve("smaps_rollup"), "Pss:");
                    mem[2]++;
                } catch (IOException | NumberFormatException ignored) {
                    // gone meanwhile
                }
            }
        }
    }

    private static long kib(Path file, String field) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
