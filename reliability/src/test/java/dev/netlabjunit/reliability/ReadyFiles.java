package dev.netlabjunit.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the ready directory: a scenario reports its lab up with a file {@code <lab key>@<pid>} (or
 * {@code <lab key>@hand} for a lab it started by hand), so forks sharing one lab report it once each.
 */
final class ReadyFiles {

    private final Path ready;

    ReadyFiles(Path ready) {
        this.ready = ready;
    }

    /** The names of the files written so far (not the temporary ones a scenario renames into place). */
    List<String> names() {
        try (var s = Files.list(ready)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".tmp")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every lab reported up. */
    Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        names().forEach(n -> keys.add(n.substring(0, n.indexOf('@'))));
        return keys;
    }

    /** How many test JVMs reported a lab up. */
    long jvms() {
        return names().stream().map(n -> n.split("@")[1]).distinct().count();
    }

    /** The labs the extension gave the tests (not those started by hand). */
    Set<String> extensionLabs() {
        Set<String> keys = new LinkedHashSet<>();
        names().stream().filter(n -> !n.endsWith("@hand")).forEach(n -> keys.add(n.substring(0, n.indexOf('@'))));
        return keys;
    }
}
