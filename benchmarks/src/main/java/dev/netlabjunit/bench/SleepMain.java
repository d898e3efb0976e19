package dev.netlabjunit.bench;

import org.apiguardian.api.API;

/** A JVM with no lab that waits for a signal: the baseline for how long a bare JVM takes to exit on SIGTERM. */
@API(status = API.Status.INTERNAL)
public final class SleepMain {

    private SleepMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("STARTED none " + ProcessHandle.current().pid());
        System.out.flush();
        Thread.sleep(60_000);
    }
}
