package dev.netlabjunit.bench;

import dev.netlabjunit.junit.NetlabLab;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.apiguardian.api.API;

import dev.netlabjunit.testsupport.ChildProcess;
import dev.netlabjunit.testsupport.LauncherMain;

/**
 * Item 3: N test classes that need the same topology, run in one JVM as an IDE or Surefire runs them. "Shared"
 * classes carry {@code @NetlabLab}, so the extension brings the lab up once; "per class" classes start and close
 * their own {@code Lab} in {@code @BeforeAll}/{@code @AfterAll}, as Testcontainers' static
 * {@code @Container} fields do. Embedded engine, two routers; bring-ups counted from the teardown lines.
 */
@API(status = API.Status.INTERNAL)
public final class BringUps {

    private static final int[] SIZES = {1, 10, 50};
    private static final int REPEATS = 3;
    private static final Duration BOUND = Duration.ofMinutes(3);
    private static final Pattern TEARDOWN = Pattern.compile("\\[netlab-junit\\] teardown (\\S+) \\(");

    private BringUps() {
    }

    public static String run(Path work) throws IOException, InterruptedException {
        Path classes = compile(work);
        String cp = classes + File.pathSeparator + System.getProperty("java.class.path");
        StringBuilder md = new StringBuilder("| test classes | shared (`@NetlabLab`) | bring-ups | per-class fixture "
                + "| bring-ups | per-class / shared |\n|---:|---:|---:|---:|---:|---:|\n");
        for (int n : SIZES) {
            Stats shared = new Stats();
            Stats perClass = new Stats();
            Set<Integer> sharedUps = new TreeSet<>();
            Set<Integer> perClassUps = new TreeSet<>();
            for (int r = 0; r < REPEATS; r++) {
                for (boolean isShared : r % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
                    List<String> args = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        args.add("gen." + (isShared ? "Shared" : "PerClass") + i);
                    }
                    ChildProcess.Result run = Runs.succeeded(n + " classes", ChildProcess.java(
                            List.of("-Dnetlabjunit.engine=embedded",
                                    "-Dnetlabjunit.state.root=" + work.resolve("state")),
                            cp, LauncherMain.class.getName(), args).bound(BOUND));
                    Matcher m = TEARDOWN.matcher(run.stderr());
                    Set<String> keys = new TreeSet<>();
                    while (m.find()) {
                        keys.add(m.group(1));
                    }
                    (isShared ? shared : perClass).add(Runs.wallMillis(run));
                    (isShared ? sharedUps : perClassUps).add(keys.size());
                }
            }
            md.append("| ").append(n).append(" | ").append(shared.text()).append(" | ").append(sharedUps)
                    .append(" | ").append(perClass.text()).append(" | ").append(perClassUps).append(" | ")
                    .append(Stats.ratio(perClass.median(), shared.median())).append(" |\n");
        }
        return md.toString();
    }

    private static Path compile(Path work) throws IOException {
        Path src = Files.createDirectories(work.resolve("gen-src/gen"));
        Path out = Files.createDirectories(work.resolve("gen-classes"));
        Files.writeString(out.resolve("bench-topology.yml"), "nodes: [r1, r2]\nlinks: [r1-r2]\n");
        List<String> files = new ArrayList<>();
        int max = SIZES[SIZES.length - 1];
        for (int i = 1; i <= max; i++) {
            Path shared = src.resolve("Shared" + i + ".java");
            Files.writeString(shared, "package gen;\n"
                    + "@NetlabLab(\"bench-topology.yml\")\n"
                    + "class Shared" + i + " {\n"
                    + "    @org.junit.jupiter.api.Test\n"
                    + "    void usesTheLab(dev.netlabjunit.fixture.Lab lab) {\n"
                    + "        if (!lab.isRunning()) throw new AssertionError(\"lab not running\");\n"
                    + "    }\n}\n");
            Path perClass = src.resolve("PerClass" + i + ".java");
            Files.writeString(perClass, "package gen;\n"
                    + "class PerClass" + i + " {\n"
                    + "    static dev.netlabjunit.fixture.Lab lab;\n"
                    + "    @org.junit.jupiter.api.BeforeAll\n"
                    + "    static void up() throws Exception {\n"
                    + "        lab = new dev.netlabjunit.fixture.Lab(java.nio.file.Path.of(PerClass" + i
                    + ".class.getResource(\"/bench-topology.yml\").toURI()));\n"
                    + "        lab.start();\n"
                    + "    }\n"
                    + "    @org.junit.jupiter.api.AfterAll\n"
                    + "    static void down() { lab.close(); }\n"
                    + "    @org.junit.jupiter.api.Test\n"
                    + "    void usesTheLab() {\n"
                    + "        if (!lab.isRunning()) throw new AssertionError(\"lab not running\");\n"
                    + "    }\n}\n");
            files.add(shared.toString());
            files.add(perClass.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("No Java compiler: run the benchmarks with a JDK, not a JRE");
        }
        List<String> argv = new ArrayList<>(List.of("-d", out.toString(), "-cp",
                System.getProperty("java.class.path"), "-proc:none", "--release", "17"));
        argv.addAll(files);
        int rc = javac.run(null, null, null, argv.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("javac failed on the generated test classes in " + src);
        }
        return out;
    }
}
