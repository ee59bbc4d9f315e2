package org.vireo.machines;

/**
 * One inbound rule of a machine's firewall: new connections of {@code protocol} ({@code tcp}, {@code udp} or
 * {@code icmp}) to {@code ports} (a port or {@code from-to}; none for icmp) from {@code source} (a CIDR).
 */
public record FirewallRule(String protocol, String ports, String source) {}
