package org.vireo.hypervisor;

/** A domain's state as the hypervisor sees it, independent of libvirt's own types. */
public enum DomainState {
    RUNNING,
    PAUSED,
    SHUTTING_DOWN,
    SHUT_OFF,
    CRASHED,
    SUSPENDED,
    UNKNOWN,
    /** Paused by the hypervisor because a disk could not be written or read (a full or failing storage). */
    PAUSED_ON_IO_ERROR
}
