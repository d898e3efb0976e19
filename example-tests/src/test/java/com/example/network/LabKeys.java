package com.example.network;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which lab each test class was given, recorded by the classes themselves, so that a later class can check that
 * they all got the same one. Test code, not library code: static state lives as long as the test JVM (one
 * Surefire or Failsafe fork), which is exactly the scope in which netlab-junit shares a lab.
 */
final class LabKeys {

    private static final Map<String, String> BY_CLASS = new TreeMap<>();

    private LabKeys() {
    }

    static synchronized void record(Class<?> testClass, String labKey) {
        BY_CLASS.put(testClass.getSimpleName(), labKey);
    }

    static synchronized Map<String, String> recorded() {
        return Map.copyOf(BY_CLASS);
    }
}
