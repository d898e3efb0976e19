package dev.netlabjunit.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apiguardian.api.API;

import dev.netlabjunit.internal.engine.embedded.EmbeddedEngineBenchmark;

/** Item 5: the embedded engine's up and down times by size, with the floor, by {@link EmbeddedEngineBenchmark}. */
@API(status = API.Status.INTERNAL)
public final class EngineSizes {

    private EngineSizes() {
    }

    public static String run() throws IOException {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            EmbeddedEngineBenchmark.main(new String[] {"2", "10", "50", "100"});
        } finally {
            System.setOut(saved);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
