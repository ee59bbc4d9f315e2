package org.vireo.support;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A WebSocket client of the console proxy: the first binary message (VNC's RFB greeting), everything received
 * (a serial port's output), and the close.
 */
public final class ConsoleClient implements WebSocket.Listener {
    public final CompletableFuture<String> first = new CompletableFuture<>();
    public final CompletableFuture<String> closed = new CompletableFuture<>();
    private final StringBuffer received = new StringBuffer();

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        var b = new byte[data.remaining()];
        data.get(b);
        String text = new String(b, StandardCharsets.ISO_8859_1);
        first.complete(text);
        received.append(text);
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
        closed.complete(reason);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed.complete("error: " + error);
    }

    public String received() {
        return received.toString();
    }

    /**
     * Types {@code line} (and Enter) into a serial console's shell until its output contains {@code expected}, for
     * at most {@code seconds} (a shell that is still starting misses the first tries); returns whether it did.
     */
    public boolean typeUntil(WebSocket ws, String line, String expected, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            ws.sendBinary(ByteBuffer.wrap((line + "\r").getBytes(StandardCharsets.US_ASCII)), true)
                    .join();
            for (int i = 0; i < 10; i++) {
                if (received().contains(expected)) {
                    return true;
                }
                Thread.sleep(100);
            }
        }
        return received().contains(expected);
    }
}
