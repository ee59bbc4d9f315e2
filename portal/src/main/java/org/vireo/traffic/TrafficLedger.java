package org.vireo.traffic;

/**
 * What a reading of an interface's counters adds to the books, given the last reading kept: within one run of the
 * domain, the difference; in a new run (a restart, a move to another host, or the same domain id after the host
 * rebooted, seen by the domain's CPU time going back) or after counters went back, all of the new reading
 * (counters start at zero). Nothing kept yet: the whole reading too (a machine's first reading; its counters began
 * with it).
 */
final class TrafficLedger {
    private TrafficLedger() {}

    /** The last reading kept for an interface. */
    record Last(String run, long cpuNanos, long rx, long tx) {}

    static Bytes delta(Last last, String run, long cpuNanos, long rx, long tx) {
        if (last == null || !last.run().equals(run) || cpuNanos < last.cpuNanos() || rx < last.rx() || tx < last.tx()) {
            return new Bytes(Math.max(0, rx), Math.max(0, tx));
        }
        return new Bytes(rx - last.rx(), tx - last.tx());
    }
}
