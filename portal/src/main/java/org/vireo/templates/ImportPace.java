package org.vireo.templates;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a transfer still goes fast enough: it ends by its deadline and moves at least the minimum rate on average
 * over each window (a server sending a byte a minute fails after one window, not never). Thread-safe: the copying
 * thread adds bytes, the watchdog asks.
 */
final class ImportPace {
    private final Instant deadline;
    private final long minBytesPerWindow;
    private final Duration window;
    private long total;
    private Instant windowStart;
    private long windowStartBytes;

    ImportPace(Instant start, ImportLimits limits) {
        this.deadline = start.plus(limits.timeout());
        this.window = limits.minRateWindow();
        this.minBytesPerWindow = limits.minRate().toBytes() * window.toMillis() / 1000;
        this.windowStart = start;
    }

    synchronized void add(long bytes) {
        total += bytes;
    }

    /** Null while the transfer is on pace; else the message key of why it is given up. */
    synchronized String verdict(Instant now) {
        if (!now.isBefore(deadline)) {
            return "templates.import-timeout";
        }
        if (Duration.between(windowStart, now).compareTo(window) >= 0) {
            if (total - windowStartBytes < minBytesPerWindow) {
                return "templates.import-too-slow";
            }
            windowStart = now;
            windowStartBytes = total;
        }
        return null;
    }
}
