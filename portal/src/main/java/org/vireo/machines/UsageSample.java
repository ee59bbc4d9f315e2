package org.vireo.machines;

import java.time.Instant;

/** A machine's usage over one sampling interval (or the average of a 5-minute bucket) ending at {@code at}. */
public record UsageSample(
        Instant at,
        double cpuPercent,
        double memoryMiB,
        double diskReadBps,
        double diskWriteBps,
        double netRxBps,
        double netTxBps) {}
