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
@API(status = API.Status.INTERNAL)
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

    /** The parent process (pid and start time), or this JVM when it has none. */
    static String buildScope() {
        ProcessHandle process = ProcessHandle.current().parent().orElse(ProcessHandle.current());
        return process.pid() + "@" + process.info().startInstant().map(Object::toString).orElse("?");
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
