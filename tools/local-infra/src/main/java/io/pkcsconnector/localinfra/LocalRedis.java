package io.pkcsconnector.localinfra;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * Redis for the local stack and tests: the server already answering on 127.0.0.1 when there is one,
 * otherwise a real embedded {@code redis-server} (binary shipped in a Maven artifact).
 */
public final class LocalRedis implements AutoCloseable {

    public static final int DEFAULT_PORT = 6379;

    private static final Logger LOG = LoggerFactory.getLogger(LocalRedis.class);

    private final int port;
    private final RedisServer embedded;
    private boolean closed;

    private LocalRedis(int port, RedisServer embedded) {
        this.port = port;
        this.embedded = embedded;
    }

    /** The local stack: the server on {@code port}, or an embedded one on the same port. */
    public static LocalRedis ensure(int port) {
        return ensure(port, port);
    }

    /** Tests: the server on 6379, or a throw-away embedded one on a free port. */
    public static LocalRedis ensureForTests() {
        return ensure(DEFAULT_PORT, 0);
    }

    /**
     * Uses the server on 127.0.0.1:{@code port} if it answers PING, else starts one on {@code
     * embeddedPort} (0 for a free port).
     */
    public static LocalRedis ensure(int port, int embeddedPort) {
        if (ping(port)) {
            LOG.info("Using the Redis server already running on 127.0.0.1:{}", port);
            return new LocalRedis(port, null);
        }
        if (Ports.accepts(port) && embeddedPort == port) {
            throw new IllegalStateException("Something listens on 127.0.0.1:" + port + " but does not answer PING");
        }
        return startEmbedded(embeddedPort);
    }

    /** Starts an embedded server regardless of what else runs; {@code port} 0 for a free one. */
    public static LocalRedis startEmbedded(int port) {
        long startedAt = System.nanoTime();
        int actualPort = Ports.orFree(port);
        try {
            RedisServer server = RedisServer.newRedisServer()
                    .port(actualPort)
                    .bind(Ports.LOOPBACK)
                    // Caches and rate limits only: nothing worth a dump file in the working directory.
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            server.start();
            LOG.info(
                    "Started embedded Redis on 127.0.0.1:{} in {} ms",
                    actualPort,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
            return new LocalRedis(actualPort, server);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded Redis did not start on 127.0.0.1:" + actualPort, e);
        }
    }

    /** Whether a Redis server on 127.0.0.1:{@code port} answers PING with PONG. */
    public static boolean ping(int port) {
        try {
            return "PONG".equals(command(port, "PING"));
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    /**
     * Runs one command on this server, e.g. {@code command("SET", "k", "v")}; enough for checks and
     * test setup without a client library.
     *
     * @return a simple or bulk string reply, an integer reply as text, or {@code null} for nil
     * @throws IllegalStateException on an error reply
     */
    public String command(String... args) {
        try {
            return command(port, args);
        } catch (IOException e) {
            throw new UncheckedIOException("Redis on 127.0.0.1:" + port + " did not answer", e);
        }
    }

    static String command(int port, String... args) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(Ports.LOOPBACK, port), 1000);
            socket.setSoTimeout(2000);
            StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
            for (String arg : args) {
                request.append('$')
                        .append(arg.getBytes(StandardCharsets.UTF_8).length)
                        .append("\r\n")
                        .append(arg)
                        .append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readReply(new DataInputStream(new BufferedInputStream(socket.getInputStream())));
        }
    }

    private static String readReply(DataInputStream in) throws IOException {
        String line = readLine(in);
        if (line.isEmpty()) {
            throw new IOException("empty Redis reply");
        }
        String rest = line.substring(1);
        switch (line.charAt(0)) {
            case '+', ':' -> {
                return rest;
            }
            case '-' -> throw new IllegalStateException("Redis error: " + rest);
            case '$' -> {
                int length = Integer.parseInt(rest);
                if (length < 0) {
                    return null;
                }
                byte[] bulk = new byte[length];
                in.readFully(bulk);
                readLine(in);
                return new String(bulk, StandardCharsets.UTF_8);
            }
            default -> throw new IOException("unsupported Redis reply: " + line);
        }
    }

    private static String readLine(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** {@code redis://127.0.0.1:<port>}, the form {@code quarkus.redis.hosts} takes. */
    public String hosts() {
        return "redis://" + Ports.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    /** Whether this instance started the server (and so stops it on close). */
    public boolean embedded() {
        return embedded != null;
    }

    /** Stops the embedded server, if this instance started one; an external server is left alone. */
    @Override
    public synchronized void close() {
        if (embedded == null || closed) {
            return;
        }
        closed = true;
        try {
            embedded.stop();
            LOG.info("Stopped embedded Redis on 127.0.0.1:{}", port);
        } catch (IOException e) {
            LOG.warn("Stopping embedded Redis on 127.0.0.1:{} failed", port, e);
        }
    }
}
