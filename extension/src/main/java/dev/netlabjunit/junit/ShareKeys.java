package dev.netlabjunit.junit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import org.apiguardian.api.API;

/**
 * The key under which JVMs share a lab: the lab's identity, everything that makes the engine see a different
 * lab (netlab program, extra environment), and the scope of sharing. Scope {@code build} is the parent process,
 * by pid and start time: every Surefire or Failsafe fork of one build is a child of the same Maven JVM, while
 * two builds on one CI agent have different parents and do not share.
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
final class ShareKeys {

    private ShareKeys() {
    }

    /** Empty when the scope is {@code none} or {@code isolated}: no other JVM shares the lab. */
    static Optional<String> of(LabDefinition d, NetlabConfiguration config) {
        NetlabConfiguration.ShareScope scope = config.shareScope();
        if (scope == NetlabConfiguration.ShareScope.NONE || scope == NetlabConfiguration.ShareScope.ISOLATED) {
            return Optional.empty();
        }
        String scopeId = scope == NetlabConfiguration.ShareScope.HOST ? "host" : "build:" + buildScope();
        String text = d.identity() + "|" + scopeId + "|" + config.netlabExecutable().map(Object::toString)
                .orElse("") + "|" + config.environment() + "|" + config.stateRoot().map(Object::toString).orElse("");
        return Optional.of("s" + sha256(text).substring(0, 24));
    }

    /**
     * The parent process (pid and start time), or this JVM when it has none. Surefire and Failsafe start each fork
     * through a shell of its own ({@code /bin/sh -c "cd ... && java -jar .../surefirebooter..."}): that shell is
     * skipped, else no two forks of one build would ever share.
     */
    static String buildScope() {
        ProcessHandle process = ProcessHandle.current().parent().orElse(ProcessHandle.current());
        if (isForkShell(process)) {
            process = process.parent().orElse(process);
        }
        return process.pid() + "@" + process.info().startInstant().map(Object::toString).orElse("?");
    }

    /** A shell whose command line starts a Surefire/Failsafe booter: the wrapper of one fork, not the build. */
    static boolean isForkShell(ProcessHandle process) {
        String executable = process.info().command().orElse("");
        String name = executable.substring(executable.lastIndexOf('/') + 1);
        boolean shell = name.equals("sh") || name.equals("dash") || name.equals("bash");
        return shell && process.info().commandLine().orElse("").contains("surefirebooter");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    }
}
