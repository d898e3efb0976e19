package dev.netlabjunit.bench.trivial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A unit test that uses no lab (public only so the benchmarks can name it): what most tests in a user's project look like. */
public class TrivialTest {

    @Test
    void addsNumbers() {
        assertEquals(4, 2 + 2);
    }
}
