package io.github.loopsync.demos.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncSemaphore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chat server with real sockets on 127.0.0.1: clients chat, one disconnects mid-line, one
 * stops reading, one sends a burst past its queue's bound; after each test the room is stopped and
 * every permit is back, nobody is left and no task of the loop is pending. Socket reads carry a
 * timeout only as a guard against a hang; nothing here depends on timing.
 */
@Timeout(60)
class ChatServerTest {
    private static final int QUEUE = 4;
    private static final Duration SLOW_READER_TIMEOUT = Duration.ofSeconds(3);

    private AsyncSemaphore backendSlots;
    private ChatServer server;
    private final List<Client> clients = new ArrayList<>();

    /** A line-based TCP client. */
    private static final class Client implements AutoCloseable {
        final Socket socket = new Socket();
        final BufferedReader in;
        final OutputStream out;

        Client(int port, int receiveBuffer) throws IOException {
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(20_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Reads until {@code expected}; fails if the connection ends first. */
        List<String> readUntil(String expected) throws IOException {
            List<String> seen = new ArrayList<>();
            for (String line; (line = in.readLine()) != null; ) {
                seen.add(line);
                if (line.equals(expected)) {
                    return seen;
                }
            }
            throw new AssertionError("connection ended before " + expected + "; saw " + seen);
        }

        /** Reads everything up to the end of the stream. */
        List<String> readToEnd() throws IOException {
            List<String> seen = new ArrayList<>();
            for (String line; (line = in.readLine()) != null; ) {
                seen.add(line);
            }
            return seen;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @BeforeEach
    void startServer() throws InterruptedException {
        backendSlots = new AsyncSemaphore(2);
        // Real sockets run on the wall clock: a reading client's thread may stall for a while on a
        // busy machine, and must not be mistaken for a stuck one (300 ms was, once, under load 22).
        // Only the stuck-reader test waits this long, for the one client that never reads.
        ChatRoom room = new ChatRoom(QUEUE, SLOW_READER_TIMEOUT, backendSlots,
                question -> Tasks.sleep(Duration.ofMillis(20)).thenApply(v -> question.toUpperCase()),
                Duration.ofSeconds(1));
        server = ChatServer.start(0, room, 8 * 1024);
    }

    @AfterEach
    void stopServer() throws Exception {
        try {
            server.stopRoom(Duration.ofSeconds(10));
            assertEquals(2, (int) server.onLoop(backendSlots::availablePermits), "every backend permit is back");
            assertEquals(List.of(), server.onLoop(() -> server.room().names()), "nobody is left in the room");
            assertEquals(List.of(), server.onLoop(() -> server.loop().tasks().stream()
                    .filter(task -> task != server.loop().currentTask()).toList()), "every task ended");
        } finally {
            server.close();
            for (Client client : clients) {
                client.close();
            }
        }
    }

    private Client connect(int receiveBuffer, String welcome) throws IOException {
        Client client = new Client(server.port(), receiveBuffer);
        clients.add(client);
        client.readUntil(welcome);
        return client;
    }

    @Test
    void clientsChatAskAndAreToldWhenTheServerStops() throws Exception {
        Client ann = connect(0, "* welcome, guest-1 (1 here)");
        Client bob = connect(0, "* welcome, guest-2 (2 here)");
        Client cid = connect(0, "* welcome, guest-3 (3 here)");
        ann.send("hello\n");
        bob.readUntil("guest-1: hello");
        cid.readUntil("guest-1: hello");
        bob.send("/ask weather?\n");
        bob.readUntil("* answer: WEATHER?");
        server.stopRoom(Duration.ofSeconds(10));
        for (Client client : List.of(ann, bob, cid)) {
            List<String> last = client.readToEnd();
            assertEquals("* the server is shutting down", last.get(last.size() - 1), "then the connection ends");
        }
    }

    @Test
    void aClientThatDisconnectsMidLineLeaves() throws Exception {
        Client ann = connect(0, "* welcome, guest-1 (1 here)");
        Client bob = connect(0, "* welcome, guest-2 (2 here)");
        bob.send("half a li");
        bob.close();
        List<String> seen = ann.readUntil("* guest-2 left");
        assertTrue(seen.stream().noneMatch(line -> line.contains("half")), "a partial line is never broadcast");
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedAndHoldsNobodyBack() throws Exception {
        Client ann = connect(0, "* welcome, guest-1 (1 here)");
        Client stuck = connect(4096, "* welcome, guest-2 (2 here)");
        Client cid = connect(0, "* welcome, guest-3 (3 here)");
        int lines = 5_000;
        String padding = "x".repeat(100);
        CompletableFuture<List<String>> cidReads = CompletableFuture.supplyAsync(() -> {
            try {
                return cid.readUntil("guest-1: " + (lines - 1) + " " + padding);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        CompletableFuture<List<String>> annReads = CompletableFuture.supplyAsync(() -> {
            try {
                return ann.readUntil("* guest-2 was disconnected (too slow)");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            burst.append(i).append(' ').append(padding).append('\n');
        }
        ann.send(burst.toString());
        try {
            annReads.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("ann: " + e + "; room: " + server.onLoop(() -> server.room().names()), e);
        }
        List<String> fromAnn = cidReads.get(30, TimeUnit.SECONDS).stream()
                .filter(line -> line.startsWith("guest-1: ")).toList();
        assertEquals(lines, fromAnn.size(), "cid got every line, in order");
        assertEquals("guest-1: 0 " + padding, fromAnn.get(0));
        assertTrue(stuck.socket.isConnected());
    }

    @Test
    void aBurstPastTheQueueBoundIsReadAtTheRoomsPace() throws Exception {
        Client ann = connect(0, "* welcome, guest-1 (1 here)");
        Client bob = connect(0, "* welcome, guest-2 (2 here)");
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            burst.append("burst ").append(i).append('\n');
        }
        ann.send(burst.toString());
        List<String> fromAnn = bob.readUntil("guest-1: burst 499").stream()
                .filter(line -> line.startsWith("guest-1: ")).toList();
        assertEquals(500, fromAnn.size(), "no line lost or reordered past the bound of " + QUEUE);
        for (int i = 0; i < 500; i++) {
            assertEquals("guest-1: burst " + i, fromAnn.get(i));
        }
    }
}
