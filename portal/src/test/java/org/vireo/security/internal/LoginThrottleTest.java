package org.vireo.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(3, 5, Duration.ofMinutes(5), clock);

    @Test
    void userIsBlockedFromOneAddressAfterRepeatedFailuresUntilTheWindowPasses() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.isBlocked("alice", "127.0.0.2")).isFalse();
            throttle.recordFailure("alice", "127.0.0.2");
        }
        assertThat(throttle.isBlocked("alice", "127.0.0.2")).isTrue();
        assertThat(throttle.isBlocked("ALICE", "127.0.0.2"))
                .as("usernames compare case-insensitively")
                .isTrue();
        assertThat(throttle.isBlocked("alice", "127.0.0.3"))
                .as("another address is not blocked")
                .isFalse();
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(throttle.isBlocked("alice", "127.0.0.2")).isFalse();
    }

    @Test
    void oneAddressAsksForMailsAsOftenAsItMayFailToSignIn() {
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.allowMailRequest("127.0.0.7")).isTrue();
        }
        assertThat(throttle.allowMailRequest("127.0.0.7")).isFalse();
        assertThat(throttle.allowMailRequest("127.0.0.8")).isTrue();
        assertThat(throttle.isBlocked("anyone", "127.0.0.7"))
                .as("signing in is counted apart")
                .isFalse();
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(throttle.allowMailRequest("127.0.0.7")).isTrue();
    }

    @Test
    void addressIsBlockedWhenSprayingManyUsers() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("user" + i, "127.0.0.9");
        }
        assertThat(throttle.isBlocked("someone-else", "127.0.0.9")).isTrue();
    }

    @Test
    void successClearsTheUsersFailures() {
        throttle.recordFailure("bob", "127.0.0.4");
        throttle.recordFailure("bob", "127.0.0.4");
        throttle.recordSuccess("bob", "127.0.0.4");
        throttle.recordFailure("bob", "127.0.0.4");
        assertThat(throttle.isBlocked("bob", "127.0.0.4")).isFalse();
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
