package dev.netlabjunit.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The kill matrix (docs/reliability.md): real {@code mvn} builds and plain JVMs ended at every phase, each cell
 * checked for leftovers, exit time and, after an uncatchable ending, the next run's sweep. Run with
 * {@code mvn -B verify -pl reliability -am -Dreliability=subset} (CI) or {@code -Dreliability=full}; a plain
 * {@code mvn verify} skips it. The table goes to stdout and to {@code reliability/target/reliability-matrix.md}.
 */
class KillMatrixTest {

    private static final List<Outcome> OUTCOMES = new CopyOnWriteArrayList<>();
    private static final Instant STARTED = Instant.now();

    @TestFactory
    Stream<DynamicTest> cells() {
        String level = System.getProperty("reliability", "subset");
        List<Cell> cells = Matrix.cells(level, System.getProperty("reliability.only", ""));
        Path root = Path.of(System.getProperty("reliability.target", "target")).resolve("kill-matrix");
        StateRootFiles.deleteTree(root);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            int index = i;
            tests.add(DynamicTest.dynamicTest(cell.name() + " (" + cell.ending().label + ")", () -> {
                Path dir = root.resolve(String.format("%03d-", index) + cell.name().replace('/', '-'));
                Outcome outcome = new CellRun(cell, dir, index).run();
                OUTCOMES.add(outcome);
                System.out.println(MatrixTable.row(outcome));
                if (!outcome.passed()) {
                    throw new AssertionError(cell.name() + ": " + String.join("; ", outcome.problems())
                            + " (logs in " + dir + ")");
                }
            }));
        }
        return tests.stream();
    }

    @AfterAll
    static void printTable() throws IOException {
        if (OUTCOMES.isEmpty()) {
            return;
        }
        String table = MatrixTable.render(OUTCOMES, System.getProperty("reliability", "subset"),
                Duration.between(STARTED, Instant.now()));
        System.out.println(table);
        Path target = Path.of(System.getProperty("reliability.target", "target"));
        Files.createDirectories(target);
        Files.writeString(target.resolve("reliability-matrix.md"), table);
    }
}
