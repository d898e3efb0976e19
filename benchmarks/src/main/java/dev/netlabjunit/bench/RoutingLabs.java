package dev.netlabjunit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apiguardian.api.API;

import dev.netlabjunit.engine.EngineChoice;
import dev.netlabjunit.fixture.Lab;
import dev.netlabjunit.routing.Frr;

/**
 * Item 6: FRR on the embedded engine. Lab up (daemons started and configured) at 10 and 50 routers against the
 * same lab without routing modules, in one run; a 5-router two-AS lab routed end to end (OSPF Full, BGP
 * Established, r1 holding r5's loopback) with netlab's timers; memory per FRR node (RSS of its daemons).
 */
@API(status = API.Status.INTERNAL)
public final class RoutingLabs {

    private RoutingLabs() {
    }

    public static String run(Path work) throws IOException {
        StringBuilder md = new StringBuilder("| routers | lab up without FRR | lab up with FRR configured | FRR "
                + "daemons | RSS per FRR node |\n|---:|---:|---:|---:|---:|\n");
        for (int n : List.of(10, 50)) {
            long plain = upMillis(work, chain(n, false), "plain" + n, null);
            long[] rss = new long[2];
            long frr = upMillis(work, chain(n, true), "frr" + n, rss);
            md.append("| ").append(n).append(" | ").append(plain).append(" ms | ").append(frr).append(" ms | ")
                    .append(rss[1]).append(" | ").append(rss[1] == 0 ? "" : (rss[0] / n / 1024) + " MiB")
                    .append(" |\n");
        }
        md.append("\nChains r1…rN, every 5 routers one AS (OSPF inside, IBGP full mesh, EBGP to the next). "
                + "\"Up\" is `Lab.start()` (for FRR: every daemon started and `vtysh -f` applied), one shot "
                + "each. RSS: sum of VmRSS of the lab's /usr/lib/frr processes / routers.\n\n");

        Path dir = Files.createDirectories(work.resolve("routed5"));
        Path topo = Files.writeString(dir.resolve("topology.yml"), """
                defaults.device: frr
                module: [ ospf, bgp ]
                bgp.as: 65001
                nodes: [ r1, r2, r3, r4, { name: r5, bgp.as: 65002 } ]
                links: [ r1-r2, r2-r3, r3-r4, r4-r5 ]
                """);
        try (Lab lab = new Lab(topo).withEngine(EngineChoice.EMBEDDED)
                .withStateRoot(work.resolve("state"))) {
            long t0 = System.nanoTime();
            lab.start();
            long up = (System.nanoTime() - t0) / 1_000_000;
            Duration bound = Duration.ofSeconds(120);
            Frr.awaitOspfFull(lab, "r2", 2, bound);
            Frr.awaitOspfFull(lab, "r3", 2, bound);
            long ospf = (System.nanoTime() - t0) / 1_000_000;
            for (String r : List.of("r1", "r2", "r3", "r4", "r5")) {
                Frr.awaitBgpEstablished(lab, r, bound);
            }
            long bgp = (System.nanoTime() - t0) / 1_000_000;
            Frr.awaitRoute(lab, "r1", "10.0.0.5/32", bound);
            long routed = (System.nanoTime() - t0) / 1_000_000;
            md.append("| 5 routers, two ASes (from `start()`) | ms |\n|---|---:|\n")
                    .append("| up and configured | ").append(up).append(" |\n")
                    .append("| every OSPF adjacency Full | ").append(ospf).append(" |\n")
                    .append("| every BGP session Established | ").append(bgp).append(" |\n")
                    .append("| r1 has r5's loopback (routed end to end) | ").append(routed).append(" |\n");
        }
        md.append("\nnetlab's timers: OSPF hello 10 s, dead 40 s; BGP with FRR's datacenter profile (netlab's).\n");
        return md.toString();
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

    private static long upMillis(Path work, String topology, String name, long[] rss) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        Path topo = Files.writeString(dir.resolve("topology.yml"), topology);
        try (Lab lab = new Lab(topo).withEngine(EngineChoice.EMBEDDED)
                .withStateRoot(work.resolve("state"))) {
            long t0 = System.nanoTime();
            lab.start();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (rss != null) {
                measureRss(lab.labKey(), rss);
            }
            return ms;
        }
    }

    /** rss[0]: total KiB, rss[1]: number of FRR processes of the lab. */
    private static void measureRss(String key, long[] rss) throws IOException {
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
                    for (String line : Files.readAllLines(e.resolve("status"))) {
                        if (line.startsWith("VmRSS:")) {
                            rss[0] += Long.parseLong(line.replaceAll("[^0-9]", ""));
                            rss[1]++;
                        }
                    }
                } catch (IOException | NumberFormatException ignored) {
                    // gone meanwhile
                }
            }
        }
    }
}
