package dev.netlabjunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.netlabjunit.lab.EngineChoice;

/**
 * Runs the annotated test class against a netlab lab, shared by every class of the run that asks for the same
 * lab.
 *
 * <pre>{@code
 * @NetlabLab("topologies/two-routers.yml")
 * class OspfTest {
 *     @Test
 *     void neighbours(dev.netlabjunit.fixture.Lab lab, @Node("r1") LabNode r1) { ... }
 * }
 * }</pre>
 *
 * <p>What it promises:
 * <ul>
 *   <li>One lab per launcher session (in Surefire: per fork) per identity. The identity is the SHA-256 of the
 *       topology file's content plus {@link #provider()}, {@link #initialConfiguration()} and the engine: classes
 *       that agree on all four share one running lab, started once.</li>
 *   <li>A lab that failed to start is not started again in the same session: every later class fails at once
 *       with the original exception as its cause.</li>
 *   <li>When no engine can run on this host the classes are <em>skipped</em> with the reason, unless
 *       {@code netlabjunit.unavailable=fail}.</li>
 *   <li>The lab is torn down when the session ends (clean path), by the JVM shutdown hook when the JVM exits
 *       early, or by the next run's stale sweep when the JVM was killed. See {@code docs/lifecycle.md}.</li>
 * </ul>
 *
 * <p>The topology path is resolved, in this order: as a resource on the test class path (e.g.
 * {@code src/test/resources/topologies/two-routers.yml} as {@code "topologies/two-routers.yml"}); then relative
 * to the project directory, which is the JVM's working directory under Maven and the IDEs; then as an absolute
 * path.
 *
 * <p>Usable as a meta-annotation: annotate your own annotation ({@code @OspfLab}) with {@code @NetlabLab(...)}.
 * For {@code @Nested} classes the nearest enclosing class's annotation applies.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@ExtendWith(NetlabExtension.class)
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public @interface NetlabLab {

    /** The topology file; same as {@link #topology()}. One of the two must be set. */
    String value() default "";

    /** The topology file; same as {@link #value()}. */
    String topology() default "";

    /** netlab provider ({@code clab}, {@code libvirt}, {@code external}); empty: the topology's own. */
    String provider() default "";

    /** {@code false} skips netlab's device configuration ({@code netlab up --no-config}). */
    boolean initialConfiguration() default true;

    /**
     * Bound for bringing the lab up, in seconds; {@code -1}: configuration parameter
     * {@code netlabjunit.startup.timeout}, else the fixture's default.
     */
    int startupTimeoutSeconds() default -1;

    /** Which engine runs the lab; {@link EngineChoice#AUTO}: configuration parameter {@code netlabjunit.engine}. */
    EngineChoice engine() default EngineChoice.AUTO;
}
