package io.github.loopsync.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.spi.VirtualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The quick-start program prints exactly its golden output. */
class QuickStartTest {

    /** On a virtual clock the program prints the golden lines and counts two pages in time. */
    @Test
    void printsTheGoldenOutput() throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int downloaded;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
             EventLoop loop = EventLoop.builder().clock(VirtualClock.autoAdvancing()).build()) {
            downloaded = loop.runUntilComplete(() -> new QuickStart(out).main());
        }
        assertEquals(2, downloaded);
        assertEquals(golden("quickstart.txt"), printed.toString(StandardCharsets.UTF_8));
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = QuickStartTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
