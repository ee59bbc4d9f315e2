package org.vireo.support;

import java.time.Duration;

/** Waits in a test for something that happens in the background: asks every 200 ms until it holds or time is up. */
public final class Poll {
    private Poll() {}

    /** A condition to wait for; it may throw (a shell command, a REST call). */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** Until {@code condition} holds, else an AssertionError naming {@code what}; an exception ends the wait. */
    public static void until(String what, Duration timeout, Condition condition) throws InterruptedException {
        poll(what, timeout, condition, false);
    }

    /**
     * Until {@code condition} holds; an exception it throws counts as "not yet" (libvirt or the state may still be
     * settling) and the last one is the cause of the AssertionError at the end.
     */
    public static void untilSettled(String what, Duration timeout, Condition condition) throws InterruptedException {
        poll(what, timeout, condition, true);
    }

    private static void poll(String what, Duration timeout, Condition condition, boolean settling)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (!settling) {
                    throw new AssertionError("failed while waiting for: " + what, e);
                }
                last = e;
            }
            if (System.nanoTime() >= deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what, last);
            }
            Thread.sleep(200);
        }
    }
}
