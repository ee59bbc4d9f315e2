package org.vireo.hypervisor;

/** Vireo's storage pool in bytes, as libvirt reports it. */
public record PoolInfo(String name, long capacityBytes, long allocationBytes, long availableBytes) {}
