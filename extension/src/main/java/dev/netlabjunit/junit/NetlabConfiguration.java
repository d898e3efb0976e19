package dev.netlabjunit.junit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.netlabjunit.config.ConfigValues;
import dev.netlabjunit.engine.EngineChoice;

/**
 * Every setting of the extension, read from JUnit configuration parameters: launcher parameters (Surefire's
 * {@code configurationParameters}), JVM system properties ({@code -Dnetlabjunit.engine=embedded}) and
 * {@code junit-platform.properties}, in JUnit's own order of precedence. The one table of keys is in
 * {@code docs/configuration.md}; this class is the only place that reads them.
 *
 * <p>A malformed value fails fast with a message naming the key, the value and what is accepted.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class NetlabConfiguration {

    public static final String PREFIX = "netlabjunit.";
    public static final String NETLAB_EXECUTABLE = "netlabjunit.netlab.executable";
    public static final String STATE_ROOT = "netlabjunit.state.root";
    public static final String ENGINE = "netlabjunit.engine";
    public static final String STARTUP_TIMEOUT = "netlabjunit.startup.timeout";
    public static final String TEARDOWN_TIMEOUT = "netlabjunit.teardown.timeout";
    public static final String HOOK_TIMEOUT = "netlabjunit.hook.timeout";
    public static final String SWEEP_ENABLED = "netlabjunit.sweep.enabled";
    public static final String SWEEP_TIMEOUT = "netlabjunit.sweep.timeout";
    public static final String UNAVAILABLE = "netlabjunit.unavailable";
    public static final String ENVIRONMENT_PREFIX = "netlabjunit.environment.";
    public static final String SHARE_SCOPE = "netlabjunit.share.scope";
    public static final String LEASE_TIMEOUT = "netlabjunit.lease.timeout";
    /** Keep labs up for the next run with the same identity (docs/reuse.md). */
    public static final String REUSE = dev.netlabjunit.lifecycle.ReusedLabs.PROPERTY;
    /** Reuse also where the environment variable CI is set. */
    public static final String REUSE_FORCE = dev.netlabjunit.lifecycle.ReusedLabs.FORCE_PROPERTY;
    /** How long a kept lab may stay unused. */
    public static final String REUSE_IDLE = dev.netlabjunit.lifecycle.ReusedLabs.IDLE_PROPERTY;

    /** Which JVMs on a host share one lab for one lab identity (see {@code docs/parallel.md}). */
    public enum ShareScope {
        /** The JVMs with the same parent process: the forks of one Surefire/Failsafe execution. */
        BUILD,
        /** Every JVM on the host using the same state root. */
        HOST,
        /** Each JVM its own lab; netlab labs wait for one another on the host's single default instance. */
        NONE,
        /**
         * Each JVM its own lab, side by side: netlab labs run as multilab instances (ids 1..200 leased host-wide),
         * embedded labs are isolated anyway.
         */
        ISOLATED
    }

    static final Duration DEFAULT_HOOK_TIMEOUT = Duration.ofSeconds(25);
    static final Duration DEFAULT_SWEEP_TIMEOUT = Duration.ofMinutes(3);

    /** What to do when no engine can run a lab on this host. */
    public enum Unavailable { SKIP, FAIL }

    // Keys the launcher knew about in this JVM (see SweepListener): ExtensionContext can look a key up but not
    // list keys, and the environment variables are open-ended.
    private static volatile Set<String> launcherKeys = Set.of();

    private final Function<String, Optional<String>> lookup;
    private final Set<String> knownKeys;

    private NetlabConfiguration(Function<String, Optional<String>> lookup, Set<String> knownKeys) {
        this.lookup = lookup;
        this.knownKeys = knownKeys;
    }

    /** The configuration as seen by {@code context}. */
    public static NetlabConfiguration from(ExtensionContext context) {
        // Launchers fall back to system properties themselves; EngineTestKit does not, so do it here too.
        return new NetlabConfiguration(key -> context.getConfigurationParameter(key)
                .or(() -> Optional.ofNullable(System.getProperty(key))), candidateKeys(launcherKeys));
    }

    /** The configuration from a plain map (and nothing else): for tests and tools. */
    public static NetlabConfiguration of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return new NetlabConfiguration(k -> Optional.ofNullable(copy.get(k)), copy.keySet());
    }

    /** The configuration from a launcher's parameters, whose keys are known. */
    static NetlabConfiguration lookingUp(Function<String, Optional<String>> lookup, Set<String> keys) {
        return new NetlabConfiguration(lookup, candidateKeys(keys));
    }

    /** Called by the launcher session listener with the keys of the test plan's configuration parameters. */
    static void rememberLauncherKeys(Set<String> keys) {
        Set<String> ours = new TreeSet<>();
        for (String k : keys) {
            if (k.startsWith(PREFIX)) {
                ours.add(k);
            }
        }
        launcherKeys = Collections.unmodifiableSet(ours);
    }

    private static Set<String> candidateKeys(Set<String> fromLauncher) {
        Set<String> keys = new TreeSet<>(fromLauncher);
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                keys.add(name);
            }
        }
        return keys;
    }

    // ---- the settings -----------------------------------------------------------------------------------------

    public Optional<Path> netlabExecutable() {
        return path(NETLAB_EXECUTABLE);
    }

    public Optional<Path> stateRoot() {
        return path(STATE_ROOT).map(p -> p.toAbsolutePath().normalize());
    }

    public Optional<EngineChoice> engine() {
        return string(ENGINE).map(v -> {
            try {
                return EngineChoice.parse(v);
            } catch (IllegalArgumentException e) {
                throw invalid(ENGINE, v, "auto, netlab or embedded");
            }
        });
    }

    public Optional<Duration> startupTimeout() {
        return duration(STARTUP_TIMEOUT);
    }

    public Optional<Duration> teardownTimeout() {
        return duration(TEARDOWN_TIMEOUT);
    }

    public Duration hookTimeout() {
        return duration(HOOK_TIMEOUT).orElse(DEFAULT_HOOK_TIMEOUT);
    }

    public boolean sweepEnabled() {
        return bool(SWEEP_ENABLED).orElse(true);
    }

    public Duration sweepTimeout() {
        return duration(SWEEP_TIMEOUT).orElse(DEFAULT_SWEEP_TIMEOUT);
    }

    public Unavailable unavailable() {
        return string(UNAVAILABLE).map(v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "skip" -> Unavailable.SKIP;
            case "fail" -> Unavailable.FAIL;
            default -> throw invalid(UNAVAILABLE, v, "skip or fail");
        }).orElse(Unavailable.SKIP);
    }

    public ShareScope shareScope() {
        return string(SHARE_SCOPE).map(v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "build" -> ShareScope.BUILD;
            case "host" -> ShareScope.HOST;
            case "none" -> ShareScope.NONE;
            case "isolated" -> ShareScope.ISOLATED;
            default -> throw invalid(SHARE_SCOPE, v, "build, host, none or isolated");
        }).orElse(ShareScope.BUILD);
    }

    /**
     * Whether the classes of one lab run together, one lab after another: {@link LabGroupingClassOrderer} is the
     * default class orderer and classes do not run concurrently. Then a lab is not needed again once the next lab
     * is asked for, and is released then.
     */
    public boolean labsRunOneAfterAnother() {
        boolean grouped = string("junit.jupiter.testclass.order.default")
                .map(LabGroupingClassOrderer.class.getName()::equals).orElse(false);
        boolean parallel = string("junit.jupiter.execution.parallel.enabled").map("true"::equalsIgnoreCase)
                .orElse(false);
        return grouped && !parallel;
    }

    public Optional<Duration> leaseTimeout() {
        return duration(LEASE_TIMEOUT);
    }

    /** {@value #REUSE}: keep labs up after the run for the next one (default false; see docs/reuse.md). */
    public boolean reuse() {
        return bool(REUSE).orElse(false) || reuseForced();
    }

    /** {@value #REUSE_FORCE}: reuse even where the environment variable CI is set (default false). */
    public boolean reuseForced() {
        return bool(REUSE_FORCE).orElse(false);
    }

    /** {@value #REUSE_IDLE}: how long a kept lab may stay unused (default 30 minutes). */
    public Duration reuseIdle() {
        return duration(REUSE_IDLE).orElse(dev.netlabjunit.lifecycle.ReusedLabs.DEFAULT_IDLE);
    }

    /** {@code netlabjunit.environment.NAME=value} entries, as {@code NAME -> value}, sorted by name. */
    public Map<String, String> environment() {
        Map<String, String> env = new TreeMap<>();
        for (String key : knownKeys) {
            if (key.startsWith(ENVIRONMENT_PREFIX) && key.length() > ENVIRONMENT_PREFIX.length()) {
                lookup.apply(key).ifPresent(v -> env.put(key.substring(ENVIRONMENT_PREFIX.length()), v));
            }
        }
        return env;
    }

    /**
     * Reads every setting once, so that a malformed one fails the class that uses the extension even when it is
     * read elsewhere (the stale sweep reads {@value #SWEEP_ENABLED} and {@value #SWEEP_TIMEOUT} before any
     * test and can only print why it did not run).
     *
     * @throws IllegalArgumentException for the first malformed value, naming the key, the value and the grammar
     */
    public NetlabConfiguration validate() {
        netlabExecutable();
        stateRoot();
        engine();
        startupTimeout();
        teardownTimeout();
        hookTimeout();
        sweepEnabled();
        sweepTimeout();
        unavailable();
        shareScope();
        leaseTimeout();
        reuse();
        reuseIdle();
        return this;
    }

    // ---- parsing ----------------------------------------------------------------------------------------------

    private Optional<String> string(String key) {
        return lookup.apply(key).map(String::trim).filter(s -> !s.isEmpty());
    }

    private Optional<Path> path(String key) {
        return string(key).map(v -> {
            try {
                return Path.of(v);
            } catch (java.nio.file.InvalidPathException e) {
                throw invalid(new IllegalArgumentException(key + "=" + v + " is not valid: use a file system path ("
                        + e.getReason() + ")"));
            }
        });
    }

    private Optional<Boolean> bool(String key) {
        return string(key).map(v -> {
            try {
                return ConfigValues.bool(key, v);
            } catch (IllegalArgumentException e) {
                throw invalid(e);
            }
        });
    }

    private Optional<Duration> duration(String key) {
        return string(key).map(v -> {
            try {
                return ConfigValues.duration(key, v);
            } catch (IllegalArgumentException e) {
                throw invalid(e);
            }
        });
    }

    /** The one duration grammar of the project ({@link ConfigValues}), for tests. */
    static Duration parseDuration(String text) {
        return ConfigValues.duration("duration", text);
    }

    private static IllegalArgumentException invalid(IllegalArgumentException fromGrammar) {
        return new IllegalArgumentException("Configuration parameter " + fromGrammar.getMessage() + ". Set it in"
                + " junit-platform.properties, Surefire's configurationParameters or -Dkey=...");
    }

    private static IllegalArgumentException invalid(String key, String value, String accepted) {
        return new IllegalArgumentException("Configuration parameter " + key + "=" + value + " is not valid: use "
                + accepted + ". Set it in junit-platform.properties, Surefire's configurationParameters or -D"
                + key + "=...");
    }
}
