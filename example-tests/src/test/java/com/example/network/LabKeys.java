package com.example.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which lab each test class was given, recorded by the classes themselves. Test code, not library code: static
 * state lives as long as the test JVM (one Surefire or Failsafe fork), which is exactly the scope in which
 * netlab-junit shares a lab.
 *
 * <p>Every class that records checks its lab against the classes recorded before it, so the check does not depend
 * on which class runs first: whatever the order, a class that got another lab fails.
 */
final class LabKeys {

    private static final Map<String, String> BY_CLASS = new TreeMap<>();

    private LabKeys() {
    }

    /** Records {@code testClass}'s lab and fails if a class recorded before it got a different one. */
    static synchronized void record(Class<?> testClass, String labKey) {
        assertThat(BY_CLASS).as("labs of the classes before %s (which got %s)", testClass.getSimpleName(), labKey)
                .allSatisfy((otherClass, otherKey) -> assertThat(otherKey).as(otherClass).isEqualTo(labKey));
        BY_CLASS.put(testClass.getSimpleName(), labKey);
    }

    static synchronized Map<String, String> recorded() {
        return Map.copyOf(BY_CLASS);
    }
}
