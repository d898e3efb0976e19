package dev.netlabjunit.reliability;

import java.util.List;

/**
 * What one cell did.
 *
 * @param leftAfterRun   what remained once the first run had ended
 * @param nextRun        what the next run's sweep did ("not needed" after a clean catchable ending)
 * @param exitMillis     from the ending (signal sent, or the test reported its lab) to the last test JVM's exit
 * @param boundMillis    the allowed exit time (teardown time + 2 s) for catchable endings, or -1
 * @param problems       every assertion that failed; empty means the cell passed
 */
record Outcome(Cell cell, List<String> leftAfterRun, String nextRun, long exitMillis, long boundMillis,
               String notes, List<String> problems) {

    boolean passed() {
        return problems.isEmpty();
    }
}
