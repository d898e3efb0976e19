package dev.netlabjunit.reliability.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import dev.netlabjunit.lab.EngineChoice;
import dev.netlabjunit.fixture.Lab;

/**
 * What every scenario test does, steered by system properties the kill matrix sets on the test JVM. Compiled
 * twice: in the reliability module (for plain-JVM cells) and, copied, in each generated Maven project. JUnit's own
 * assertions only: the generated project has no AssertJ.
 *
 * <ul>
 *   <li>{@code cell.oldKey}: the labs (comma-separated) of the previous, killed run; they must already be gone (the sweep runs
 *       before the first test): owner record, lab namespace, FRR directories.</li>
 *   <li>{@code cell.marker}: with the embedded engine a {@code sleep} with this extra argument is started in node
 *       r1, so that a process left in a lab can be found by its command line.</li>
 *   <li>{@code cell.ready}: a directory; once the lab is up a file {@code <lab key>@<pid>} holding this JVM's pid
 *       is written there (two forks sharing one lab write one file each), and {@code <lab key>@<pid>@hand} for a
 *       lab started by hand.</li>
 *   <li>{@code cell.handHome}: with the netlab stand-in, the HOME of the lab started by hand: netlab's instance is
 *       host-wide per HOME, and one JVM may not hold two labs on one instance (the host lease).</li>
 *   <li>{@code cell.ending}: {@code end}, {@code throws}, {@code exit}, {@code never-released}, {@code block}
 *       (for {@code cell.blockSeconds}, default 180, unless a signal ends the JVM first).</li>
 * </ul>
 */
public final class Scenario {

    private Scenario() {
    }

    public static void run(Lab lab) throws Exception {
        for (String old : System.getProperty("cell.oldKey", "").split(",")) {
            if (old.isEmpty()) {
                continue;
            }
            Path record = Path.of(System.getProperty("netlabjunit.state.root"), "owners", old + ".record");
            check(!Files.exists(record, LinkOption.NOFOLLOW_LINKS),
                    "the killed run's owner record " + record + " is still there at the first test");
            check(!Files.exists(Path.of("/var/run/netns", "nlj-" + old), LinkOption.NOFOLLOW_LINKS),
                    "the killed run's namespace nlj-" + old + " is still there at the first test");
            check(frrDirectories(old).isEmpty(), "the killed run's FRR directories " + frrDirectories(old)
                    + " are still there at the first test");
            check(!lab.labKey().equals(old), "the lab of the killed run was reused");
            System.err.println("[cell] the killed run's lab " + old + " was gone before the first test");
        }
        String marker = System.getProperty("cell.marker", "");
        if (!marker.isEmpty() && lab.engineName().equals("embedded")) {
            lab.startProcess("r1", "sleep", "600", marker);
        }
        String ending = System.getProperty("cell.ending", "end");
        if (ending.equals("never-released")) {
            ready(handBuiltLab().labKey() + "@" + ProcessHandle.current().pid() + "@hand");
        }
        ready(lab.labKey() + "@" + ProcessHandle.current().pid());
        switch (ending) {
            case "throws" -> throw new AssertionError("cell ending: a test throws");
            case "exit" -> System.exit(1);
            case "block" -> {
                // Waits for the signal or timeout that ends this JVM; bounded, so a broken cell cannot leave a
                // JVM behind for long.
                int tenths = Integer.getInteger("cell.blockSeconds", 180) * 10;
                for (int i = 0; i < tenths; i++) {
                    Thread.sleep(100);
                }
            }
            default -> {
            }
        }
    }

    /** A lab started by hand and never closed: only the shutdown hook can remove it. */
    private static Lab handBuiltLab() throws Exception {
        Path topology = Path.of(Scenario.class.getResource("/topologies/two-routers.yml").toURI());
        Lab lab = new Lab(topology)
                .withEngine(EngineChoice.parse(System.getProperty("netlabjunit.engine", "auto")))
                .withStateRoot(Path.of(System.getProperty("netlabjunit.state.root")))
                .withOutput(System.err::println);
        String netlab = System.getProperty("netlabjunit.netlab.executable");
        if (netlab != null) {
            lab.withNetlabExecutable(Path.of(netlab));
        }
        String prefix = "netlabjunit.environment.";
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(prefix)) {
                lab.withEnvironment(name.substring(prefix.length()), System.getProperty(name));
            }
        }
        String handHome = System.getProperty("cell.handHome", "");
        if (!handHome.isEmpty()) {
            lab.withEnvironment("HOME", handHome);
        }
        lab.start();
        return lab;
    }

    /** FRR pathspace directories of a lab ({@code /var/run/frr/nlj-<key>-<node>}); none for labs without FRR. */
    private static java.util.List<String> frrDirectories(String key) throws IOException {
        Path run = Path.of("/var/run/frr");
        if (!Files.isDirectory(run)) {
            return java.util.List.of();
        }
        try (var s = Files.list(run)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("nlj-" + key + "-")).toList();
        }
    }

    private static void ready(String name) throws IOException {
        Path dir = Path.of(System.getProperty("cell.ready"));
        Path temp = dir.resolve(name + ".tmp");
        Files.writeString(temp, Long.toString(ProcessHandle.current().pid()));
        Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
