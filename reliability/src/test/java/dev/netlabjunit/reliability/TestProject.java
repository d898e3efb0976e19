package dev.netlabjunit.reliability;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a cell's small Maven test project: the pom (from {@code kill-project/pom.xml.template}), the scenario test
 * classes (copied from this module's sources) and the topology. netlab-junit and netlab-fixtures are referenced
 * by path ({@code system} scope) to the jars this build just made, so nothing is installed into the shared local
 * repository; their runtime dependencies are declared with the project's versions and resolved from ~/.m2.
 */
final class TestProject {

    private TestProject() {
    }

    /**
     * @param fork         the plugin's fork settings, as XML elements
     * @param properties   system properties for the test JVM
     */
    /** The FRR cells' topology, under the scenario classes' file name: two routers running OSPF and IBGP. */
    static final String FRR_TOPOLOGY = """
            defaults.device: frr
            module: [ ospf, bgp ]
            bgp.as: 65001
            nodes: [ r1, r2 ]
            links: [ r1-r2 ]
            """;

    static void write(Path projectDir, Cell.Runner runner, String fork, Map<String, String> properties)
            throws IOException {
        write(projectDir, runner, fork, properties, false);
    }

    static void write(Path projectDir, Cell.Runner runner, String fork, Map<String, String> properties,
                      boolean frr) throws IOException {
        Path scenarioSources = Path.of(System.getProperty("reliability.scenarios"));
        Path template = Path.of(System.getProperty("reliability.project")).resolve("pom.xml.template");
        Path javaDir = Files.createDirectories(projectDir.resolve("src/test/java/dev/netlabjunit/reliability/scenario"));
        try (Stream<Path> s = Files.list(scenarioSources)) {
            for (Path source : s.toList()) {
                String name = source.getFileName().toString();
                boolean wanted = name.equals("Scenario.java")
                        || (runner == Cell.Runner.FAILSAFE ? name.equals("LabScenarioIT.java")
                        : name.equals("LabScenario.java") || (runner.testJvms > 1 && name.equals("OtherLabScenario.java")));
                if (wanted) {
                    Files.copy(source, javaDir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path topologies = Files.createDirectories(projectDir.resolve("src/test/resources/topologies"));
        if (frr) {
            Files.writeString(topologies.resolve("two-routers.yml"), FRR_TOPOLOGY);
        } else {
            Files.copy(resource("/topologies/two-routers.yml"), topologies.resolve("two-routers.yml"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        StringBuilder props = new StringBuilder();
        properties.forEach((k, v) -> props.append("            <").append(k).append('>').append(xml(v))
                .append("</").append(k).append(">\n"));
        boolean failsafe = runner == Cell.Runner.FAILSAFE;
        String pom = Files.readString(template)
                .replace("@JUNIT_VERSION@", System.getProperty("reliability.junit.version"))
                .replace("@SUREFIRE_VERSION@", System.getProperty("reliability.surefire.version"))
                .replace("@ZT_EXEC_VERSION@", System.getProperty("reliability.zt-exec.version"))
                .replace("@SNAKEYAML_VERSION@", System.getProperty("reliability.snakeyaml-engine.version"))
                .replace("@APIGUARDIAN_VERSION@", System.getProperty("reliability.apiguardian.version"))
                .replace("@SLF4J_VERSION@", System.getProperty("reliability.slf4j.version"))
                .replace("@COMPILER_VERSION@", "3.14.0")
                .replace("@RESOURCES_VERSION@", "3.3.1")
                .replace("@JAR_VERSION@", "3.4.2")
                .replace("@EXTENSION_JAR@", jarOf(dev.netlabjunit.junit.NetlabLab.class))
                .replace("@FIXTURES_JAR@", jarOf(dev.netlabjunit.fixture.Lab.class))
                // Failsafe cells still run the test phase: pin Surefire (Maven's default 2.12.4 is not in ~/.m2)
                .replace("@SUREFIRE_FOR_FAILSAFE@", failsafe ? """
                              <plugin>
                                <groupId>org.apache.maven.plugins</groupId>
                                <artifactId>maven-surefire-plugin</artifactId>
                                <version>%s</version>
                                <configuration><skip>true</skip></configuration>
                              </plugin>
                        """.formatted(System.getProperty("reliability.surefire.version")) : "")
                .replace("@PLUGIN@", runner.plugin)
                .replace("@INCLUDE@", failsafe ? "**/*ScenarioIT.java" : "**/*Scenario.java")
                .replace("@FORK_CONFIGURATION@", fork)
                .replace("@SYSTEM_PROPERTIES@", props.toString())
                .replace("@EXECUTIONS@", failsafe ? """
                                <executions>
                                  <execution>
                                    <goals>
                                      <goal>integration-test</goal>
                                      <goal>verify</goal>
                                    </goals>
                                  </execution>
                                </executions>
                        """ : "");
        Files.writeString(projectDir.resolve("pom.xml"), pom);
    }

    /** The jar a class was loaded from; a directory means the jars were not built. */
    static String jarOf(Class<?> c) {
        try {
            Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException(c.getName() + " was loaded from " + p + ", not from a jar: run the"
                        + " kill matrix through `mvn verify -pl reliability -am -Dreliability=subset` so that the"
                        + " reactor packages netlab-fixtures and netlab-junit first");
            }
            return p.toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(TestProject.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
