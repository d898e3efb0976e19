package dev.netlabjunit.reliability;

/**
 * One cell of the kill matrix: how the tests are run, which engine builds the lab, when the ending strikes and
 * what it is.
 */
record Cell(Runner runner, Engine engine, Phase phase, Ending ending) {

    /** How the test JVM is started. */
    enum Runner {
        SUREFIRE_1("surefire forkCount=1", 1, "maven-surefire-plugin"),
        SUREFIRE_2_REUSE("surefire forkCount=2 reuseForks=true", 2, "maven-surefire-plugin"),
        SUREFIRE_2_NOREUSE("surefire forkCount=2 reuseForks=false", 2, "maven-surefire-plugin"),
        FAILSAFE("failsafe", 1, "maven-failsafe-plugin"),
        PLAIN_JVM("plain JVM + JUnit launcher", 1, null);

        final String label;
        /** Test JVMs running a lab at the same time (two scenario classes with forkCount=2). */
        final int testJvms;
        final String plugin;

        Runner(String label, int testJvms, String plugin) {
            this.label = label;
            this.testJvms = testJvms;
            this.plugin = plugin;
        }

        boolean isMaven() {
            return plugin != null;
        }
    }

    enum Engine {
        EMBEDDED("embedded"),
        /** The embedded engine with routing modules: every router runs its own FRR daemons. */
        EMBEDDED_FRR("embedded, FRR routers"),
        STANDIN("netlab stand-in");

        final String label;

        Engine(String label) {
            this.label = label;
        }
    }

    enum Phase {
        START("during lab start"), TESTS("during tests"), TEARDOWN("during teardown");

        final String label;

        Phase(String label) {
            this.label = label;
        }
    }

    /**
     * How the run ends. {@code catchable}: the JVM runs its shutdown hooks (or ends normally), so nothing may be
     * left when it has exited; otherwise the next run's sweep must remove what is left.
     */
    enum Ending {
        CLEAN("clean end", true, false),
        THROWS("a test throws", true, false),
        NEVER_RELEASED("lab never released", true, false),
        EXIT("System.exit(1) in a test", true, false),
        SIGINT("SIGINT to the process group (Ctrl-C)", true, true),
        SIGTERM("SIGTERM to the test JVM", true, true),
        SIGHUP("SIGHUP to the process group (terminal closed)", true, true),
        SECOND_SIGINT("SIGINT, then SIGINT again while teardown runs", true, true),
        SIGKILL_FORK("SIGKILL of the test JVM", false, true),
        SIGKILL_MVN_EXIT("SIGKILL of mvn, fork shutdown=exit", true, true),
        SIGKILL_MVN_KILL("SIGKILL of mvn, fork shutdown=kill", false, true),
        FORK_TIMEOUT("forkedProcessTimeoutInSeconds reached", false, false),
        SLOW_TEARDOWN("System.exit(1), teardown 40 s > hook budget 25 s and fork exit timeout 30 s", false, false),
        /** The reaper alone: the sweep is off in every run of the cell, so the watcher must remove the lab. */
        SIGKILL_FORK_REAPED("SIGKILL of the test JVM, reaper on, sweep off", false, true),
        /** The reaper's watcher dies; the test then ends by itself and its clean close must still work. */
        SIGKILL_REAPER("SIGKILL of the reaper's watcher, then a clean end", true, true);

        final String label;
        final boolean catchable;
        final boolean signal;

        Ending(String label, boolean catchable, boolean signal) {
            this.label = label;
            this.catchable = catchable;
            this.signal = signal;
        }
    }

    String name() {
        return runner.name().toLowerCase().replace('_', '-') + "/" + engine.name().toLowerCase() + "/"
                + phase.name().toLowerCase() + "/" + ending.name().toLowerCase().replace('_', '-');
    }

    /** The value of {@code cell.ending} for the scenario test of the first run. */
    String scenarioEnding() {
        if (phase != Phase.TESTS) {
            return "end";
        }
        return switch (ending) {
            case CLEAN -> "end";
            case THROWS -> "throws";
            case NEVER_RELEASED -> "never-released";
            case EXIT, SLOW_TEARDOWN -> "exit";
            default -> "block";
        };
    }
}
