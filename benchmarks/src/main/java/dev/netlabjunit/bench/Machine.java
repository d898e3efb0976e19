package dev.netlabjunit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apiguardian.api.API;

import dev.netlabjunit.internal.process.Command;

/** What the numbers were measured on: CPUs, memory, kernel, Java, iproute2, load. */
@API(status = API.Status.INTERNAL)
public final class Machine {

    private Machine() {
    }

    public static String describe() {
        String cpu = "unknown CPU";
        String mem = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
            mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB")
                    .orElse(mem);
        } catch (IOException | RuntimeException e) {
            // described as unknown
        }
        String ip;
        try {
            ip = Command.of("ip", "-V").timeout(Duration.ofSeconds(5)).run().stdout().strip();
        } catch (RuntimeException e) {
            ip = "ip: " + e.getMessage();
        }
        return Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), " + mem + " RAM, Linux "
                + read("/proc/sys/kernel/osrelease") + ", " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version") + ", " + ip;
    }

    public static String load() {
        String l = read("/proc/loadavg");
        return l.isEmpty() ? "?" : String.join(" ", java.util.Arrays.copyOf(l.split(" "), 3));
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
