package com.example.network;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A tiny TCP service to run inside a lab node ("the software under test"): it answers each line with the same
 * line. It uses only the JDK, so it runs wherever the test JVM's {@code java} runs, and it ends by itself after
 * {@link #LIFETIME_MILLIS} in case nobody stops it.
 *
 * <p>{@code java -cp <test classes> com.example.network.EchoServer <port>}
 */
public final class EchoServer {

    static final long LIFETIME_MILLIS = 120_000;

    private EchoServer() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        long end = System.currentTimeMillis() + LIFETIME_MILLIS;
        try (ServerSocket server = new ServerSocket(port)) {
            server.setSoTimeout(1_000);
            System.out.println("echo server listening on port " + port);
            while (System.currentTimeMillis() < end) {
                try (Socket client = server.accept()) {
                    client.setSoTimeout(5_000);
                    answer(client);
                } catch (SocketTimeoutException idle) {
                    // No client within a second: check the lifetime and wait again.
                }
            }
        }
    }

    private static void answer(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8);
        String line = in.readLine();
        if (line != null) {
            out.println(line);
        }
    }
}
