package org.vireo.hypervisor;

/**
 * Pushed by the hypervisor when a domain changes state. {@code state} is empty ({@code null}) when the domain
 * was undefined.
 */
public record DomainLifecycleEvent(String domainName, DomainState state, String reason) {}
