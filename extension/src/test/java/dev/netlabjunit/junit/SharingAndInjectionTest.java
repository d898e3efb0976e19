package dev.netlabjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.netlabjunit.lab.LabNode;
import dev.netlabjunit.standin.RealNetlabWrapper;

/** In-process behaviour against the real netlab (RealNetlabWrapper): one start for many classes, cached failure, injection. */
class SharingAndInjectionTest {

    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @NetlabLab("topologies/two-routers.yml")
    @interface TwoRouters {
    }

    /** Keys of the labs the classes below saw, in order. */
    static final List<String> SEEN = new ArrayList<>();

    @TwoRouters
    static class ViaMetaAnnotation {
        @Test
        void method(dev.netlabjunit.fixture.Lab lab, @Node("r1") LabNode r1) {
            assertThat(r1.name()).isEqualTo("r1");
            SEEN.add(lab.labKey());
        }
    }

    @NetlabLab("topologies/two-routers.yml")
    static class ViaConstructorAndFields {
        static dev.netlabjunit.fixture.Lab staticLab;
        static LabNode staticR2FromBeforeAll;
        @Node("r2")
        static LabNode staticR2;

        private final dev.netlabjunit.fixture.Lab fromConstructor;
        private final LabNode r1FromConstructor;
        dev.netlabjunit.fixture.Lab field;
        @Node("r1")
        LabNode r1Field;
        LabNode r1FromBeforeEach;

        ViaConstructorAndFields(dev.netlabjunit.fixture.Lab lab, @Node("r1") LabNode r1) {
            this.fromConstructor = lab;
            this.r1FromConstructor = r1;
        }

        @BeforeAll
        static void beforeAll(@Node("r2") LabNode r2) {
            assertThat(staticLab).as("static field filled before @BeforeAll").isNotNull();
            staticR2FromBeforeAll = r2;
        }

        @BeforeEach
        void beforeEach(@Node("r1") LabNode r1) {
            r1FromBeforeEach = r1;
        }

        @Test
        void everythingIsTheSameLab() {
            assertThat(field).isSameAs(fromConstructor).isSameAs(staticLab);
            assertThat(r1Field).isEqualTo(r1FromConstructor).isEqualTo(r1FromBeforeEach);
            assertThat(staticR2).isEqualTo(staticR2FromBeforeAll);
            assertThat(staticR2.name()).isEqualTo("r2");
            SEEN.add(field.labKey());
        }
    }

    /** Fields a superclass declares are filled too. */
    abstract static class InheritedFields {
        dev.netlabjunit.fixture.Lab inherited;
        @Node("r2")
        LabNode inheritedR2;
    }

    @NetlabLab("topologies/two-routers.yml")
    static class ViaInheritedFieldsWithAnOwnLab extends InheritedFields {
        /** A lab the test built itself: the extension must leave it alone. */
        static final dev.netlabjunit.fixture.Lab MINE = new dev.netlabjunit.fixture.Lab(Path.of("mine.yml"));
        dev.netlabjunit.fixture.Lab own = MINE;
        static dev.netlabjunit.fixture.Lab ownStatic = MINE;

        @Test
        void inheritedFieldsAreFilledAndOwnLabsKept(dev.netlabjunit.fixture.Lab lab) {
            assertThat(inherited).isSameAs(lab);
            assertThat(inheritedR2.name()).isEqualTo("r2");
            assertThat(own).isSameAs(MINE);
            assertThat(ownStatic).isSameAs(MINE);
            SEEN.add(inherited.labKey());
        }
    }

    @NetlabLab(topology = "src/test/resources/topologies/two-routers.yml")
    static class ViaProjectPath {
        @Test
        void same(dev.netlabjunit.fixture.Lab lab) {
            SEEN.add(lab.labKey());
        }
    }

    @TempDir
    Path dir;
    private RealNetlabWrapper netlab;
    private final List<String> properties = new ArrayList<>();

    @BeforeEach
    void install() {
        SEEN.clear();
        ViaConstructorAndFields.staticLab = null;
        ViaConstructorAndFields.staticR2 = null;
        ViaConstructorAndFields.staticR2FromBeforeAll = null;
        netlab = RealNetlabWrapper.install(dir.resolve("netlab"));
    }

    @AfterEach
    void clearProperties() {
        properties.forEach(System::clearProperty);
    }

    private EngineExecutionResults run(Class<?>... classes) {
        // EngineTestKit cannot tell the extension which keys exist: environment entries travel as properties.
        for (Map.Entry<String, String> e : netlab.environment().entrySet()) {
            String key = NetlabConfiguration.ENVIRONMENT_PREFIX + e.getKey();
            System.setProperty(key, e.getValue());
            properties.add(key);
        }
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("netlabjunit.netlab.executable", netlab.executable().toString())
                .configurationParameter("netlabjunit.state.root", dir.resolve("state").toString())
                .configurationParameter("netlabjunit.engine", "netlab")
                .selectors(java.util.Arrays.stream(classes).map(c -> selectClass(c)).toArray(DiscoverySelector[]::new))
                .execute();
    }

    private static void dump(EngineExecutionResults r) {
        r.allEvents().list().forEach(e -> System.out.println("EVENT " + e));
    }

    @Test
    void fourClassesShareOneLabStartedOnceAndTornDownAtSessionEnd() throws Exception {
        EngineExecutionResults results = run(ViaMetaAnnotation.class, ViaConstructorAndFields.class,
                ViaProjectPath.class, ViaInheritedFieldsWithAnOwnLab.class);
        results.testEvents().assertStatistics(s -> s.succeeded(4).failed(0));
        assertThat(netlab.invocationCount("up")).isEqualTo(1);
        assertThat(SEEN).hasSize(4).containsOnly(SEEN.get(0));
        assertThat(netlab.invocationCount("down")).as("session close = clean path").isGreaterThanOrEqualTo(1);
        assertThat(netlab.statusEntries()).isEmpty();
        assertNoRecords();
        assertThat(results.containerEvents().reportingEntryPublished().list()).isNotEmpty();
    }

    @Test
    void aFailedStartIsCachedOneUpAndLaterClassesFailAtOnceWithTheOriginalCause() throws Exception {
        // netlab registers the lab, then up fails (as a failed initial configuration does).
        netlab.withFault("up", "fail-after:provider failed to start the lab");
        EngineExecutionResults results = run(ViaMetaAnnotation.class, ViaConstructorAndFields.class,
                ViaProjectPath.class);
        List<Throwable> failures = results.containerEvents().failed().list().stream()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow()).toList();
        assertThat(failures).hasSize(3);
        assertThat(netlab.invocationCount("up")).isEqualTo(1);
        for (Throwable later : failures.subList(1, 3)) {
            assertThat(later).hasMessageContaining("failed to start earlier in this run");
            assertThat(later.getCause()).isSameAs(failures.get(0));
        }
        assertThat(netlab.statusEntries()).isEmpty();
        assertNoRecords();
    }

    private void assertNoRecords() throws Exception {
        Path owners = dir.resolve("state").resolve("owners");
        if (Files.isDirectory(owners)) {
            try (var s = Files.list(owners)) {
                assertThat(s.filter(p -> p.toString().endsWith(".record"))).isEmpty();
            }
        }
    }
}
