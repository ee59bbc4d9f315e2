package org.vireo.hypervisor;

/**
 * Where a running domain's VNC server listens on its host: the unix socket libvirt made for this run of the domain
 * ({@code …/domain-<id>-<name>/vnc.sock}). It exists only while this run lasts, and belongs to one machine.
 */
public record VncEndpoint(String socket) {}
