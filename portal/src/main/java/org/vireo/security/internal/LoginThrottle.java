package org.vireo.security.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.vireo.security.LoginSettings;

/**
 * Counts failed logins per (username, IP) and per IP in a sliding window. Past the limit further attempts are
 * refused without checking the password until the window has passed, which slows password guessing against one
 * user and spraying from one address. In memory: a restart forgets, which is acceptable for throttling.
 */
@Component
@EnableConfigurationProperties(LoginSettings.class)
public class LoginThrottle {
    private final int maxPerUser;
    private final int maxPerIp;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    @Autowired
    public LoginThrottle(LoginSettings settings) {
        this(settings.maxFailuresPerUser(), settings.maxFailuresPerIp(), settings.window(), Clock.systemUTC());
    }

    LoginThrottle(int maxPerUser, int maxPerIp, Duration window, Clock clock) {
        this.maxPerUser = maxPerUser;
        this.maxPerIp = maxPerIp;
        this.window = window;
        this.clock = clock;
    }

    public boolean isBlocked(String username, String ip) {
        return count(userKey(username, ip)) >= maxPerUser || count(ipKey(ip)) >= maxPerIp;
    }

    public void recordFailure(String username, String ip) {
        add(userKey(username, ip), ipKey(ip));
    }

    public void recordSuccess(String username, String ip) {
        failures.remove(userKey(username, ip));
    }

    /**
     * Wrong second-factor codes count per user, from any address (whoever types them knows the password already),
     * and per address like passwords.
     */
    public boolean isCodeBlocked(String username, String ip) {
        return count(codeKey(username)) >= maxPerUser || count(ipKey(ip)) >= maxPerIp;
    }

    public void recordCodeFailure(String username, String ip) {
        add(codeKey(username), ipKey(ip));
    }

    private void add(String... keys) {
        var now = clock.instant();
        for (var key : keys) {
            failures.compute(key, (k, q) -> {
                var deque = q == null ? new ArrayDeque<Instant>() : q;
                prune(deque, now);
                deque.addLast(now);
                return deque;
            });
        }
        if (failures.size() > 100_000) {
            // Through computeIfPresent, like every other access: the deques are only touched under the map's lock.
            for (var key : failures.keySet()) {
                failures.computeIfPresent(key, (k, q) -> {
                    prune(q, now);
                    return q.isEmpty() ? null : q;
                });
            }
        }
    }

    /**
     * Counts a request that mails something to a user ("forgot password") from {@code ip}; false once the address
     * asked as often as it may fail to sign in (so one address cannot make Vireo mail at will).
     */
    public boolean allowMailRequest(String ip) {
        if (count(mailKey(ip)) >= maxPerIp) {
            return false;
        }
        add(mailKey(ip));
        return true;
    }

    private static String mailKey(String ip) {
        return "mail:" + ip;
    }

    public void recordCodeSuccess(String username) {
        failures.remove(codeKey(username));
    }

    private int count(String key) {
        var now = clock.instant();
        var result = new int[1];
        failures.computeIfPresent(key, (k, q) -> {
            prune(q, now);
            result[0] = q.size();
            return q.isEmpty() ? null : q;
        });
        return result[0];
    }

    private void prune(Deque<Instant> q, Instant now) {
        var cutoff = now.minus(window);
        while (!q.isEmpty() && q.peekFirst().isBefore(cutoff)) {
            q.removeFirst();
        }
    }

    private static String userKey(String username, String ip) {
        return "u:" + (username == null ? "" : username.toLowerCase(Locale.ROOT)) + "@" + ip;
    }

    private static String codeKey(String username) {
        return "code:" + (username == null ? "" : username.toLowerCase(Locale.ROOT));
    }

    private static String ipKey(String ip) {
        return "ip:" + ip;
    }
}
