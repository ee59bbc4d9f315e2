package org.vireo.hypervisor;

/**
 * One interface's cumulative byte counters since its domain started, as the machine sees them: {@code rxBytes}
 * received by the guest, {@code txBytes} sent by it (libvirt turns the host tap's figures around); {@code limited}:
 * it has a rate limit now.
 */
public record InterfaceCounters(String mac, long rxBytes, long txBytes, boolean limited) {}
