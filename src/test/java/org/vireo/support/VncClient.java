package org.vireo.support;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A WebSocket client of the console proxy that keeps the first binary message (the RFB greeting) and the close. */
public final class VncClient implements WebSocket.Listener {
    public final CompletableFuture<String> first = new CompletableFuture<>();
    public final CompletableFuture<String> closed = new CompletableFuture<>();

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        var b = new byte[data.remaining()];
        data.get(b);
        first.complete(new String(b, StandardCharsets.US_ASCII));
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
}
