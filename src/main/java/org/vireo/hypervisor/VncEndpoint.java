package org.vireo.hypervisor;

/** Where a running domain's VNC server listens (loopback on the host). */
public record VncEndpoint(String host, int port) {
}
