package com.example.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.netlabjunit.fixture.Lab;
import dev.netlabjunit.junit.Node;
import dev.netlabjunit.lab.LabNode;
import dev.netlabjunit.lab.LabProcess;

/**
 * A service running inside a lab node, used from the test JVM over the node's management address: the usual
 * shape of a test for network software (start the software on a node, talk to it, check the answer).
 *
 * <p>The service is {@link EchoServer}, started with this JVM's own {@code java} and class path. That only works
 * when the node sees the host's file system, i.e. with the embedded engine (network namespaces); with netlab's
 * containers or VMs, start a program that exists in the node's image instead.
 */
@TwoRouterLab
class ServiceOnNodeTest {

    private static final int PORT = 7007;
    private static final Duration STARTUP_BOUND = Duration.ofSeconds(30);

    @BeforeAll
    static void recordLab(Lab lab) {
        LabKeys.record(ServiceOnNodeTest.class, lab.labKey());
    }

    @Test
    void echoServerOnH1AnswersTheTestJvm(Lab lab, @Node("h1") LabNode h1) throws Exception {
        assumeTrue(lab.engineName().equals("embedded"), "the node must see the host's java (embedded engine)");
        String address = h1.mgmtIpv4().orElseThrow();

        try (LabProcess server = lab.startProcess("h1", javaCommand(), "-Xmx32m", "-cp", testClasses(),
                EchoServer.class.getName(), Integer.toString(PORT))) {
            String reply = exchangeWhenListening(server, address, "hello from the test JVM");

            assertThat(reply).isEqualTo("hello from the test JVM");
        }
    }

    @Test
    void closingTheProcessStopsTheService(Lab lab, @Node("h2") LabNode h2) throws Exception {
        assumeTrue(lab.engineName().equals("embedded"), "the node must see the host's java (embedded engine)");
        String address = h2.mgmtIpv4().orElseThrow();
        try (LabProcess server = lab.startProcess("h2", javaCommand(), "-Xmx32m", "-cp", testClasses(),
                EchoServer.class.getName(), Integer.toString(PORT))) {
            assertThat(exchangeWhenListening(server, address, "ping")).isEqualTo("ping");

            server.close();

            assertThat(server.isAlive()).isFalse();
            assertThat(tryExchange(address, "ping")).as("connection after close").isNull();
        }
    }

    /** Retries until the server accepts (a JVM takes a moment to start), bounded by {@link #STARTUP_BOUND}. */
    private static String exchangeWhenListening(LabProcess server, String address, String line)
            throws InterruptedException {
        Instant end = Instant.now().plus(STARTUP_BOUND);
        while (Instant.now().isBefore(end)) {
            String reply = tryExchange(address, line);
            if (reply != null) {
                return reply;
            }
            assertThat(server.isAlive()).as("echo server on " + server.node() + " exited early (its output"
                    + " is in the test log)").isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError("echo server at " + address + ":" + PORT + " did not answer within " + STARTUP_BOUND);
    }

    /** One connection: the reply, or {@code null} when nothing accepted it. */
    private static String tryExchange(String address, String line) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, PORT), 1_000);
            socket.setSoTimeout(5_000);
            new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8).println(line);
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
        } catch (IOException notListening) {
            return null;
        }
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Where {@link EchoServer} was compiled to ({@code target/test-classes}); it needs nothing else. */
    private static String testClasses() throws URISyntaxException {
        return Path.of(EchoServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
