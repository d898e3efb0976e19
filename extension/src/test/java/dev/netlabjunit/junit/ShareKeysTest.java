package dev.netlabjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Share scope {@code build} must see through the shell Surefire and Failsafe wrap each fork in: with real shells,
 * one that starts a booter is recognised and one that does not is not.
 */
class ShareKeysTest {

    @Test
    void aShellStartingASurefireBooterIsAForkShell() throws Exception {
        // `sleep; :` keeps the shell alive (a lone command would be exec'd in place of the shell).
        assertThat(isForkShell("sleep 20; : java -jar /tmp/target/surefire/surefirebooter-1_3.jar")).isTrue();
    }

    @Test
    void anyOtherShellIsNot() throws Exception {
        assertThat(isForkShell("sleep 20; : java -jar /tmp/app.jar")).isFalse();
    }

    @Test
    void theBuildScopeOfThisJvmIsStable() {
        assertThat(ShareKeys.buildScope()).isEqualTo(ShareKeys.buildScope()).contains("@");
    }

    private static boolean isForkShell(String script) throws Exception {
        Process shell = new ProcessBuilder("/bin/sh", "-c", script).start();
        try {
            // /proc shows the command line once the shell runs: wait for it, bounded.
            for (int i = 0; i < 100 && shell.info().commandLine().isEmpty(); i++) {
                Thread.sleep(20);
            }
            return ShareKeys.isForkShell(shell.toHandle());
        } finally {
            shell.destroyForcibly();
            shell.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
