package dev.netlabjunit.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

import org.apiguardian.api.API;

import dev.netlabjunit.lab.EngineChoice;

/**
 * One {@link NetlabLab} annotation resolved against the configuration: the topology file found, the engine and
 * timeouts decided. {@link #identity()} is what decides whether two classes share a lab.
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
record LabDefinition(Path topology, String topologySha256, Optional<String> provider, boolean initialConfiguration,
                     EngineChoice engine, Optional<Duration> startupTimeout) {

    /** Two classes share a lab exactly when these are equal. */
    record Identity(String topologySha256, Optional<String> provider, boolean initialConfiguration,
                    EngineChoice engine) {
        String shortText() {
            return topologySha256.substring(0, 12) + provider.map(p -> "/" + p).orElse("")
                    + (initialConfiguration ? "" : "/no-config") + "/" + engine.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    Identity identity() {
        return new Identity(topologySha256, provider, initialConfiguration, engine);
    }

    static LabDefinition resolve(NetlabLab annotation, Class<?> testClass, NetlabConfiguration config) {
        String written = !annotation.value().isBlank() ? annotation.value() : annotation.topology();
        if (!annotation.value().isBlank() && !annotation.topology().isBlank()
                && !annotation.value().equals(annotation.topology())) {
            throw new IllegalArgumentException("@NetlabLab on " + testClass.getName() + " sets both value=\""
                    + annotation.value() + "\" and topology=\"" + annotation.topology() + "\"; set one");
        }
        Path file = TopologyLocator.locate(written, testClass);
        EngineChoice engine = annotation.engine() != EngineChoice.AUTO ? annotation.engine()
                : config.engine().orElse(EngineChoice.AUTO);
        Optional<Duration> startup = annotation.startupTimeoutSeconds() > 0
                ? Optional.of(Duration.ofSeconds(annotation.startupTimeoutSeconds()))
                : config.startupTimeout();
        Optional<String> provider = annotation.provider().isBlank() ? Optional.empty()
                : Optional.of(annotation.provider().trim());
        return new LabDefinition(file, sha256(file), provider, annotation.initialConfiguration(), engine, startup);
    }

    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read topology " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    }
}
