package dev.netlabjunit.junit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.apiguardian.api.API;

/**
 * Turns the path written in {@link NetlabLab} into a topology file: first a resource on the test class path, then
 * a path relative to the project directory (the JVM's working directory), then an absolute path.
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
final class TopologyLocator {

    private TopologyLocator() {
    }

    static Path locate(String written, Class<?> testClass) {
        if (written.isBlank()) {
            throw new IllegalArgumentException("@NetlabLab on " + testClass.getName()
                    + " names no topology: write @NetlabLab(\"topologies/my-lab.yml\")");
        }
        List<String> tried = new ArrayList<>();
        String resource = written.startsWith("/") ? written.substring(1) : written;
        ClassLoader loader = testClass.getClassLoader() != null ? testClass.getClassLoader()
                : ClassLoader.getSystemClassLoader();
        URL url = loader.getResource(resource);
        tried.add("class path resource '" + resource + "'");
        if (url != null) {
            return fromResource(url, resource);
        }
        Path relative = Path.of(System.getProperty("user.dir")).resolve(written).normalize();
        tried.add(relative.toString());
        if (Files.isRegularFile(relative)) {
            return relative;
        }
        Path absolute = Path.of(written);
        if (absolute.isAbsolute()) {
            tried.add(absolute.toString());
            if (Files.isRegularFile(absolute)) {
                return absolute;
            }
        }
        throw new IllegalArgumentException("Topology '" + written + "' of @NetlabLab on " + testClass.getName()
                + " not found; tried " + String.join(", ", tried)
                + ". Put it under src/test/resources or give a path relative to the project directory.");
    }

    private static Path fromResource(URL url, String resource) {
        if ("file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("Cannot read topology resource " + url, e);
            }
        }
        // Inside a jar: the fixture needs a file, so the bytes go to a private temporary copy.
        try (InputStream in = url.openStream()) {
            Path copy = Files.createTempFile("netlab-topology-", "-" + Path.of(resource).getFileName(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            copy.toFile().deleteOnExit();
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read topology resource " + url + ": " + e.getMessage(), e);
        }
    }
}
