package com.example.network;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.netlabjunit.junit.NetlabLab;

/**
 * The lab most tests of this project run against: {@code topologies/two-routers.yml}.
 *
 * <p>A meta-annotation writes the topology path once for every class that uses it. Every class annotated
 * {@code @TwoRouterLab} in one test run shares one lab.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@NetlabLab("topologies/two-routers.yml")
public @interface TwoRouterLab {
}
