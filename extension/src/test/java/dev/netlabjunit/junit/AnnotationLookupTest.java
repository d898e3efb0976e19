package dev.netlabjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netlabjunit.lab.EngineChoice;

class AnnotationLookupTest {

    /** What a user writes to name a lab once and use it on many classes. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @NetlabLab(value = "topologies/two-routers.yml", provider = "clab", initialConfiguration = false)
    @interface OspfLab {
    }

    @OspfLab
    static class UsesMetaAnnotation {
    }

    static class Subclass extends UsesMetaAnnotation {
    }

    @NetlabLab(topology = "topologies/three-routers.yml", engine = EngineChoice.EMBEDDED, startupTimeoutSeconds = 42)
    static class Outer {
        class Inner {
        }
    }

    static class Plain {
    }

    @Test
    void findsTheLabThroughAUsersMetaAnnotation() {
        NetlabLab found = NetlabExtension.findAnnotation(UsesMetaAnnotation.class).orElseThrow();
        assertThat(found.value()).isEqualTo("topologies/two-routers.yml");
        assertThat(found.provider()).isEqualTo("clab");
        assertThat(found.initialConfiguration()).isFalse();
    }

    @Test
    void findsItOnASuperclassAndAnEnclosingClass() {
        assertThat(NetlabExtension.findAnnotation(Subclass.class)).isPresent();
        assertThat(NetlabExtension.findAnnotation(Outer.Inner.class).orElseThrow().topology())
                .isEqualTo("topologies/three-routers.yml");
        assertThat(NetlabExtension.findAnnotation(Plain.class)).isEmpty();
    }

    @Test
    void resolvesAnnotationAndConfigurationIntoOneDefinition() {
        NetlabLab a = NetlabExtension.findAnnotation(Outer.class).orElseThrow();
        LabDefinition d = LabDefinition.resolve(a, Outer.class, NetlabConfiguration.of(Map.of(
                "netlabjunit.engine", "netlab", "netlabjunit.startup.timeout", "5m")));
        assertThat(d.topology()).endsWith(Path.of("topologies", "three-routers.yml"));
        assertThat(d.engine()).as("the annotation's engine wins over the parameter").isEqualTo(EngineChoice.EMBEDDED);
        assertThat(d.startupTimeout()).contains(java.time.Duration.ofSeconds(42));
        assertThat(d.topologySha256()).hasSize(64);
    }

    @Test
    void identityIsContentNotPath(@TempDir Path dir) throws Exception {
        NetlabLab a = NetlabExtension.findAnnotation(UsesMetaAnnotation.class).orElseThrow();
        NetlabConfiguration none = NetlabConfiguration.of(Map.of());
        LabDefinition fromResource = LabDefinition.resolve(a, UsesMetaAnnotation.class, none);
        Path copy = dir.resolve("elsewhere.yml");
        Files.copy(fromResource.topology(), copy);
        assertThat(LabDefinition.sha256(copy)).isEqualTo(fromResource.topologySha256());
        LabDefinition other = LabDefinition.resolve(NetlabExtension.findAnnotation(Outer.class).orElseThrow(),
                Outer.class, none);
        assertThat(other.identity()).isNotEqualTo(fromResource.identity());
    }

    @Test
    void resolvesRelativeToTheProjectDirectoryThenAbsolute(@TempDir Path dir) throws Exception {
        Path relative = TopologyLocator.locate("src/test/resources/topologies/two-routers.yml", Plain.class);
        assertThat(relative).isEqualTo(Path.of(System.getProperty("user.dir"))
                .resolve("src/test/resources/topologies/two-routers.yml"));
        Path absolute = Files.writeString(dir.resolve("abs.yml"), "nodes: [ a ]\n");
        assertThat(TopologyLocator.locate(absolute.toString(), Plain.class)).isEqualTo(absolute);
    }

    @Test
    void aMissingTopologySaysWhereItLooked() {
        assertThatThrownBy(() -> TopologyLocator.locate("nope/missing.yml", Plain.class))
                .hasMessageContaining("nope/missing.yml")
                .hasMessageContaining(Plain.class.getName())
                .hasMessageContaining("class path resource")
                .hasMessageContaining(System.getProperty("user.dir"));
    }
}
