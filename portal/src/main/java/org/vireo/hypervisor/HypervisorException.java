package org.vireo.hypervisor;

/** The hypervisor refused or failed an operation; the message is the hypervisor's, safe to log. */
public class HypervisorException extends RuntimeException {
    public HypervisorException(String message, Throwable cause) {
        super(message, cause);
    }
}
