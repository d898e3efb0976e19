package dev.netlabjunit.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.netlabjunit.reliability.Cell.Ending;
import dev.netlabjunit.reliability.Cell.Engine;
import dev.netlabjunit.reliability.Cell.Phase;
import dev.netlabjunit.reliability.Cell.Runner;

/** Which cells exist, and the representative subset CI runs. */
final class Matrix {

    private Matrix() {
    }

    /** {@code level}: {@code subset} or {@code full}; {@code only}: a regular expression on cell names, or empty. */
    static List<Cell> cells(String level, String only) {
        List<Cell> cells = level.equals("full") ? full() : subset();
        if (only == null || only.isBlank()) {
            return cells;
        }
        Pattern p = Pattern.compile(only);
        return cells.stream().filter(c -> p.matcher(c.name()).find()).toList();
    }

    static List<Cell> subset() {
        return List.of(
                new Cell(Runner.SUREFIRE_1, Engine.EMBEDDED, Phase.TESTS, Ending.CLEAN),
                new Cell(Runner.SUREFIRE_1, Engine.EMBEDDED, Phase.TESTS, Ending.EXIT),
                new Cell(Runner.SUREFIRE_1, Engine.EMBEDDED, Phase.TESTS, Ending.SIGTERM),
                new Cell(Runner.SUREFIRE_1, Engine.EMBEDDED, Phase.TESTS, Ending.SIGINT),
                new Cell(Runner.SUREFIRE_1, Engine.EMBEDDED, Phase.TESTS, Ending.SIGKILL_FORK),
                new Cell(Runner.SUREFIRE_1, Engine.EMBEDDED, Phase.TESTS, Ending.SIGKILL_MVN_EXIT),
                new Cell(Runner.SUREFIRE_2_REUSE, Engine.EMBEDDED, Phase.TESTS, Ending.SIGTERM),
                new Cell(Runner.FAILSAFE, Engine.EMBEDDED, Phase.TESTS, Ending.SIGINT),
                new Cell(Runner.PLAIN_JVM, Engine.EMBEDDED, Phase.TESTS, Ending.CLEAN),
                new Cell(Runner.PLAIN_JVM, Engine.EMBEDDED, Phase.TESTS, Ending.NEVER_RELEASED),
                // FRR: the hook racing the daemons' start (a daemon started after the teardown's process scan
                // outlived the lab), and the reaper and sweep after a SIGKILL while the daemons were being stopped.
                new Cell(Runner.SUREFIRE_1, Engine.EMBEDDED_FRR, Phase.START, Ending.SIGTERM),
                new Cell(Runner.SUREFIRE_1, Engine.EMBEDDED_FRR, Phase.TEARDOWN, Ending.SIGKILL_FORK),
                new Cell(Runner.SUREFIRE_1, Engine.EMBEDDED_FRR, Phase.TESTS, Ending.CLEAN),
                new Cell(Runner.SUREFIRE_1, Engine.EMBEDDED_FRR, Phase.TESTS, Ending.SIGTERM),
                new Cell(Runner.SUREFIRE_1, Engine.EMBEDDED_FRR, Phase.TESTS, Ending.SIGKILL_FORK),
                new Cell(Runner.SUREFIRE_1, Engine.STANDIN, Phase.START, Ending.SIGINT),
                new Cell(Runner.SUREFIRE_1, Engine.STANDIN, Phase.TEARDOWN, Ending.SIGTERM),
                new Cell(Runner.SUREFIRE_1, Engine.STANDIN, Phase.TESTS, Ending.SECOND_SIGINT),
                new Cell(Runner.SUREFIRE_1, Engine.STANDIN, Phase.TESTS, Ending.SIGKILL_MVN_KILL),
                new Cell(Runner.SUREFIRE_1, Engine.STANDIN, Phase.TESTS, Ending.SLOW_TEARDOWN),
                new Cell(Runner.SUREFIRE_1, Engine.EMBEDDED, Phase.TESTS, Ending.SIGKILL_FORK_REAPED),
                new Cell(Runner.SUREFIRE_1, Engine.EMBEDDED, Phase.TESTS, Ending.SIGKILL_REAPER));
    }

    static List<Cell> full() {
        List<Cell> cells = new ArrayList<>();
        for (Runner runner : Runner.values()) {
            for (Engine engine : Engine.values()) {
                for (Ending ending : Ending.values()) {
                    if (applies(runner, engine, Phase.TESTS, ending)) {
                        cells.add(new Cell(runner, engine, Phase.TESTS, ending));
                    }
                }
                for (Phase phase : List.of(Phase.START, Phase.TEARDOWN)) {
                    for (Ending ending : List.of(Ending.SIGINT, Ending.SIGTERM, Ending.SIGHUP, Ending.SIGKILL_FORK,
                            Ending.SECOND_SIGINT)) {
                        if (applies(runner, engine, phase, ending)) {
                            cells.add(new Cell(runner, engine, phase, ending));
                        }
                    }
                }
            }
        }
        return cells;
    }

    /**
     * The FRR cells of the start and teardown phases: the hook (SIGINT to the group, SIGTERM to the JVM) and the
     * sweep after SIGKILL, each with one Surefire fork and with a plain JVM; forkCount=2 (one fork starts the shared
     * lab, the other waits for it) with SIGKILL. SIGHUP and a second SIGINT take the hook's path as SIGINT does.
     */
    private static boolean frrPhaseCell(Runner runner, Ending ending) {
        return switch (runner) {
            case SUREFIRE_1, PLAIN_JVM -> ending == Ending.SIGINT || ending == Ending.SIGTERM
                    || ending == Ending.SIGKILL_FORK;
            case SUREFIRE_2_REUSE -> ending == Ending.SIGKILL_FORK;
            default -> false;
        };
    }

    private static boolean applies(Runner runner, Engine engine, Phase phase, Ending ending) {
        if (!runner.isMaven() && (ending == Ending.SIGKILL_MVN_EXIT || ending == Ending.SIGKILL_MVN_KILL
                || ending == Ending.FORK_TIMEOUT)) {
            return false;
        }
        // Only the stand-in has a slow `down` (the embedded engine removes a lab in well under a second).
        if (ending == Ending.SLOW_TEARDOWN) {
            return engine == Engine.STANDIN;
        }
        if (phase != Phase.TESTS) {
            // Start and teardown need a window to aim a signal at: netlab's slow `up` and `down`, or FRR's daemons
            // being started (about a second for two routers) and stopped. Plain namespaces have none.
            return engine == Engine.STANDIN || (engine == Engine.EMBEDDED_FRR && frrPhaseCell(runner, ending));
        }
        return true;
    }
}
