package dev.netlabjunit.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where one cell runs: its directory (logs, the generated project), the state root its runs share, the directory
 * its scenarios report their labs up in, and a marker only this cell's processes carry on their command line.
 */
record CellDir(Path dir, Path stateRoot, Path ready, String marker) {

    static CellDir create(Path dir, int index) throws IOException {
        Path real = Files.createDirectories(dir).toRealPath();
        return new CellDir(real, real.resolve("state"), Files.createDirectories(real.resolve("ready")),
                String.format("0.%07d", (ProcessHandle.current().pid() % 1000) * 10000 + index));
    }

    Path log(int run) {
        return dir.resolve("run-" + run + ".log");
    }
}
