package dev.netlabjunit.bench;

import org.apiguardian.api.API;

import dev.netlabjunit.testsupport.ChildProcess;

/** Child JVM runs a benchmark measures whole. */
@API(status = API.Status.INTERNAL)
final class Runs {

    private Runs() {
    }

    /** Runs the child to its end; a failed run is no measurement, so it stops the benchmark. */
    static ChildProcess.Result succeeded(String what, ChildProcess.Builder child) throws InterruptedException {
        ChildProcess.Result r = child.run();
        if (!r.succeeded()) {
            throw new IllegalStateException(what + " failed (exit " + r.exitCode() + "):\n" + r.stdout() + "\n"
                    + r.stderr());
        }
        return r;
    }

    /** From just before the process was created until it had ended and its output was read. */
    static double wallMillis(ChildProcess.Result r) {
        return r.duration().toNanos() / 1e6;
    }
}
