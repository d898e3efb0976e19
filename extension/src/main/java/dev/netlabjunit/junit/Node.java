package dev.netlabjunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apiguardian.api.API;

/**
 * Injects the {@link dev.netlabjunit.lab.LabNode} of the class's {@link NetlabLab} lab called {@link #value()}
 * into a constructor parameter, a lifecycle or test method parameter, or a field of type {@code LabNode}
 * (instance fields after construction, static fields before {@code @BeforeAll}).
 */
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public @interface Node {

    /** The node's name in the topology. */
    String value();
}
