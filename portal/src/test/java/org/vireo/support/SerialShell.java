package org.vireo.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** A guest's serial console through a console ticket's URL: log in on its getty, type commands, read answers. */
public final class SerialShell implements AutoCloseable {
    public final ConsoleClient client = new ConsoleClient();
    public final WebSocket ws;

    public SerialShell(String ticketUrl) throws Exception {
        ws = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("Origin", "http://localhost:8080")
                .buildAsync(URI.create(ticketUrl), client)
                .get(10, TimeUnit.SECONDS);
    }

    public void logIn(String user, String password, int seconds) throws Exception {
        logIn(ws, client, user, password, seconds);
    }

    /**
     * Waits for a shell that needs no login (the demo guest's root shell): presses Enter every few seconds until
     * {@code prompt} shows.
     */
    public void awaitPrompt(String prompt, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        int from = client.received().length();
        while (System.currentTimeMillis() < deadline) {
            ws.sendBinary(bytes("\r"), true).join();
            if (waitFor(client, prompt, from, 3)) {
                return;
            }
        }
        throw new AssertionError("no shell prompt on the serial console: " + tail());
    }

    /**
     * Whether {@code condition} (a shell test) holds in the guest within {@code seconds}: the guest retries it each
     * second, so one question covers what comes later (a DHCP lease).
     */
    public boolean askWithin(String condition, int seconds) throws Exception {
        return ask(
                "for i in $(seq " + seconds + "); do " + condition + " && break; sleep 1; done; " + condition,
                seconds + 10);
    }

    /** Types {@code line} until {@code expected} shows (see {@link ConsoleClient#typeUntil}). */
    public boolean run(String line, String expected, int seconds) throws Exception {
        return client.typeUntil(ws, line, expected, seconds);
    }

    private int questions;

    /**
     * Runs {@code command} once in the logged-in shell and answers whether it succeeded, waiting at most
     * {@code seconds} for its answer (an {@link AssertionError} when none comes).
     */
    public boolean ask(String command, int seconds) throws Exception {
        int k = ++questions;
        int from = client.received().length();
        // the shell's echo of the typed line holds "Qk-$((0+1))", only the answer holds "Qk-1" or "Qk-2"
        ws.sendBinary(
                        bytes("(" + command + ") >/dev/null 2>&1 && echo Q" + k + "-$((0+1)) || echo Q" + k
                                + "-$((0+2))\r"),
                        true)
                .join();
        long until = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < until) {
            String after = client.received().substring(from);
            if (after.contains("Q" + k + "-1")) {
                return true;
            }
            if (after.contains("Q" + k + "-2")) {
                return false;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no answer to " + command + ": " + tail());
    }

    public String tail() {
        return tail(client);
    }

    @Override
    public void close() {
        ws.abort();
    }

    /** Logs in on a getty: waits for its prompt, answers user and password, until a shell prompt ends the line. */
    public static void logIn(WebSocket ws, ConsoleClient client, String user, String password, int seconds)
            throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        int from = client.received().length();
        int seen = from;
        long quietSince = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            int at = client.received().indexOf("login:", from);
            if (at < 0) {
                // A getty that started before we connected printed its prompt already: Enter asks again, but
                // only once the guest has been quiet for a while (a new prompt is on its way after a failure).
                if (client.received().length() != seen) {
                    seen = client.received().length();
                    quietSince = System.currentTimeMillis();
                } else if (System.currentTimeMillis() - quietSince > 8000) {
                    ws.sendBinary(bytes("\r"), true).join();
                    quietSince = System.currentTimeMillis();
                }
                Thread.sleep(250);
                continue;
            }
            from = at + 6;
            ws.sendBinary(bytes(user + "\r"), true).join();
            if (!waitFor(client, "Password:", from, 30)) {
                continue;
            }
            ws.sendBinary(bytes(password + "\r"), true).join();
            // "Login incorrect" while cloud-init has not set the password yet: the getty asks again.
            long until = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < until) {
                String after = client.received().substring(from);
                if (after.contains(user + "@") && after.contains("$ ")) {
                    return;
                }
                if (after.contains("Login incorrect")) {
                    from = client.received().length();
                    break;
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("no shell on the serial console: " + tail(client));
    }

    private static boolean waitFor(ConsoleClient client, String text, int from, int seconds) throws Exception {
        long until = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < until) {
            if (client.received().indexOf(text, from) >= 0) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    public static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    public static String tail(ConsoleClient client) {
        String all = client.received();
        return all.substring(Math.max(0, all.length() - 3000));
    }
}
