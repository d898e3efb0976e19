package dev.netlabjunit.junit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.netlabjunit.internal.config.Setting;
import dev.netlabjunit.internal.config.Settings;
import dev.netlabjunit.lab.EngineChoice;

/**
 * Every setting of the extension, read from JUnit configuration parameters: launcher parameters (Surefire's
 * {@code configurationParameters}), JVM system properties ({@code -Dnetlabjunit.engine=embedded}) and
 * {@code junit-platform.properties}, in JUnit's own order of precedence.
 *
 * <p>This class defines and parses no setting: the keys, types and defaults are {@link Settings}' (the one table
 * of them is {@code docs/configuration.md}); it maps JUnit's parameters onto those definitions and turns the words
 * of the ones that are a choice into the extension's enums.
 *
 * <p>A malformed value fails fast with a message naming the key, the value and what is accepted.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class NetlabConfiguration {

    /** Keys {@code netlabjunit.environment.NAME} give the engine's processes the variable {@code NAME}. */
    public static final String ENVIRONMENT_PREFIX = Settings.ENVIRONMENT.key();

    private static final String PREFIX = "netlabjunit.";
    private static final String SOURCE = "configuration parameter";

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

    /** What to do when no engine can run a lab on this host. */
    public enum Unavailable { SKIP, FAIL }

    // Keys the launcher knew about in this JVM (see SweepListener): ExtensionContext can look a key up but not
    // list keys, so netlabjunit.environment.NAME given as a launcher parameter (Surefire, junit-platform.properties)
    // could not be found otherwise. JUnit 5.10 to 5.12 have no launcher-session store to carry them instead.
    private static volatile Set<String> launcherKeys = Set.of();

    private final Settings settings;

    private NetlabConfiguration(Settings settings) {
        this.settings = settings;
    }

    /** The configuration as seen by {@code context}. */
    public static NetlabConfiguration from(ExtensionContext context) {
        // Launchers fall back to system properties themselves; EngineTestKit does not, so do it here too.
        return new NetlabConfiguration(Settings.lookingUp(SOURCE, key -> context.getConfigurationParameter(key)
                .or(() -> Optional.ofNullable(System.getProperty(key))), candidateKeys(launcherKeys)));
    }

    /** The configuration from a plain map (and nothing else): for tests and tools. */
    public static NetlabConfiguration of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return new NetlabConfiguration(Settings.lookingUp(SOURCE, k -> Optional.ofNullable(copy.get(k)),
                copy.keySet()));
    }

    /** The configuration from a launcher's parameters, whose keys are known. */
    static NetlabConfiguration lookingUp(Function<String, Optional<String>> lookup, Set<String> keys) {
        return new NetlabConfiguration(Settings.lookingUp(SOURCE, lookup, candidateKeys(keys)));
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
        return find(Settings.NETLAB_EXECUTABLE);
    }

    public Optional<Path> stateRoot() {
        return find(Settings.STATE_ROOT).map(p -> p.toAbsolutePath().normalize());
    }

    public Optional<EngineChoice> engine() {
        return find(Settings.ENGINE).map(EngineChoice::parse);
    }

    public Optional<Duration> startupTimeout() {
        return find(Settings.STARTUP_TIMEOUT);
    }

    public Optional<Duration> teardownTimeout() {
        return find(Settings.TEARDOWN_TIMEOUT);
    }

    public Duration hookTimeout() {
        return get(Settings.HOOK_TIMEOUT);
    }

    public boolean sweepEnabled() {
        return get(Settings.SWEEP_ENABLED);
    }

    public Duration sweepTimeout() {
        return get(Settings.SWEEP_TIMEOUT);
    }

    public Unavailable unavailable() {
        return Unavailable.valueOf(get(Settings.UNAVAILABLE).toUpperCase(java.util.Locale.ROOT));
    }

    public ShareScope shareScope() {
        return ShareScope.valueOf(get(Settings.SHARE_SCOPE).toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * Whether the classes of one lab run together, one lab after another: {@link LabGroupingClassOrderer} is the
     * default class orderer and classes do not run concurrently. Then a lab is not needed again once the next lab
     * is asked for, and is released then.
     */
    public boolean labsRunOneAfterAnother() {
        boolean grouped = junitParameter("junit.jupiter.testclass.order.default")
                .map(LabGroupingClassOrderer.class.getName()::equals).orElse(false);
        boolean parallel = junitParameter("junit.jupiter.execution.parallel.enabled").map("true"::equalsIgnoreCase)
                .orElse(false);
        return grouped && !parallel;
    }

    public Optional<Duration> leaseTimeout() {
        return find(Settings.LEASE_TIMEOUT);
    }

    /** {@code netlabjunit.reuse}: keep labs up after the run for the next one (default false; docs/reuse.md). */
    public boolean reuse() {
        return get(Settings.REUSE) || reuseForced();
    }

    /** {@code netlabjunit.reuse.force}: reuse even where the environment variable CI is set (default false). */
    public boolean reuseForced() {
        return get(Settings.REUSE_FORCE);
    }

    /** {@code netlabjunit.reuse.idle}: how long a kept lab may stay unused (default 30 minutes). */
    public Duration reuseIdle() {
        return get(Settings.REUSE_IDLE);
    }

    /** {@code netlabjunit.environment.NAME=value} entries, as {@code NAME -> value}, sorted by name. */
    public Map<String, String> environment() {
        return settings.environment();
    }

    /**
     * Reads every setting once, so that a malformed one fails the class that uses the extension even when it is
     * read elsewhere (the stale sweep reads {@code netlabjunit.sweep.enabled} and {@code netlabjunit.sweep.timeout}
     * before any test and can only print why it did not run).
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

    // ---- mapping ----------------------------------------------------------------------------------------------

    private <T> Optional<T> find(Setting<T> setting) {
        try {
            return settings.find(setting);
        } catch (IllegalArgumentException e) {
            throw invalid(e);
        }
    }

    private <T> T get(Setting<T> setting) {
        try {
            return settings.get(setting);
        } catch (IllegalArgumentException e) {
            throw invalid(e);
        }
    }

    /** A JUnit setting (not ours): only compared, never parsed. */
    private Optional<String> junitParameter(String key) {
        return settings.foreign(key).map(String::trim);
    }

    private static IllegalArgumentException invalid(IllegalArgumentException fromGrammar) {
        return new IllegalArgumentException("Configuration parameter " + fromGrammar.getMessage() + ". Set it in"
                + " junit-platform.properties, Surefire's configurationParameters or -Dkey=...", fromGrammar);
    }
}
