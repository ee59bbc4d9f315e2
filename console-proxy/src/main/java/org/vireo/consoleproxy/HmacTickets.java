package org.vireo.consoleproxy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signed tickets ({@code base64url(payload).base64url(mac)}) carrying the grant
 * ({@code v2|id|user|tenant|machine|kind|address|expires}), so the proxy needs no database: the portal issues them with
 * the shared key; the proxy verifies signature and expiry and remembers
 * used ticket ids until they expire, so each ticket opens at most one session (the first upgrade wins).
 */
public final class HmacTickets implements TicketVerifier {
    /** A ticket is never longer than this; longer input is refused before any parsing. */
    public static final int MAX_LENGTH = 512;

    private static final Pattern FIELD = Pattern.compile("^[A-Za-z0-9._:-]{1,100}$");
    /** v2: with the tenant and a target that is a unix socket or a TCP endpoint. */
    private static final String VERSION = "v2";

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final byte[] key;
    private final Clock clock;
    private final Map<String, Long> used = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    public HmacTickets(byte[] key) {
        this(key, Clock.systemUTC());
    }

    HmacTickets(byte[] key, Clock clock) {
        if (key.length < 32) {
            throw new IllegalArgumentException("ticket key must have at least 256 bits");
        }
        this.key = key.clone();
        this.clock = clock;
    }

    public static byte[] randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    /** Issues a ticket valid for {@code ttl} (at most 30 s is what the portal uses). */
    public String issue(String user, String tenant, String machine, ConsoleTarget target, Duration ttl) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        long expires = clock.instant().plus(ttl).getEpochSecond();
        for (String f : new String[] {user, tenant, machine}) {
            if (f == null || !FIELD.matcher(f).matches()) {
                throw new IllegalArgumentException("ticket field has characters tickets do not carry");
            }
        }
        String payload = String.join(
                "|",
                VERSION,
                B64.encodeToString(id),
                user,
                tenant,
                machine,
                target.kind(),
                target.address(),
                Long.toString(expires));
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(p) + "." + B64.encodeToString(mac(p));
    }

    /** A ticket to a TCP endpoint, for tools and benchmarks (the portal names unix sockets). */
    public String issue(String user, String machine, String host, int port, Duration ttl) {
        return issue(user, "-", machine, new ConsoleTarget.Tcp(host, port), ttl);
    }

    @Override
    public Optional<Grant> consume(String ticket) {
        var grant = inspect(ticket);
        if (grant.isEmpty()) {
            return grant;
        }
        long now = clock.instant().getEpochSecond();
        used.entrySet().removeIf(e -> e.getValue() < now);
        if (used.putIfAbsent(grant.get().ticketId(), grant.get().expiresAtEpochSecond()) != null) {
            return Optional.empty(); // already used (or revoked): single use
        }
        return grant;
    }

    /** Revokes a ticket before use (its user signed out): it then opens nothing, as if used. */
    public void revoke(String ticketId, long expiresAtEpochSecond) {
        used.putIfAbsent(ticketId, expiresAtEpochSecond);
    }

    /** The grant of a well-signed, unexpired ticket, without consuming it. */
    public Optional<Grant> inspect(String ticket) {
        if (ticket == null || ticket.isEmpty() || ticket.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int dot = ticket.indexOf('.');
        if (dot <= 0 || dot != ticket.lastIndexOf('.')) {
            return Optional.empty();
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = Base64.getUrlDecoder().decode(ticket.substring(0, dot));
            signature = Base64.getUrlDecoder().decode(ticket.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(mac(payload), signature)) {
            return Optional.empty();
        }
        String[] f = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
        if (f.length != 8 || !VERSION.equals(f[0])) {
            return Optional.empty();
        }
        long now = clock.instant().getEpochSecond();
        long expires;
        try {
            expires = Long.parseLong(f[7]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        var target = ConsoleTarget.parse(f[5], f[6]);
        if (now > expires || target.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Grant(f[1], f[2], f[3], f[4], target.get(), expires));
    }

    private byte[] mac(byte[] data) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
