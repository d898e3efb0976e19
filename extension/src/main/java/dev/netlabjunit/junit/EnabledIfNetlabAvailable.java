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
 * Runs the annotated class or method only when an engine able to run a lab is available here; otherwise it is
 * skipped, and the reason names what is missing (the netlab program, privileges for the embedded engine). The
 * check looks at files and the process's own credentials only: it starts no process.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@ExtendWith(NetlabAvailableCondition.class)
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public @interface EnabledIfNetlabAvailable {

    /** The engine that must be available; {@link EngineChoice#AUTO}: {@code netlabjunit.engine}, else any. */
    EngineChoice engine() default EngineChoice.AUTO;
}
