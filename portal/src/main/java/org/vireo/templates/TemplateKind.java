package org.vireo.templates;

/**
 * A qcow2 or raw base image, a direct-kernel-boot set (kernel, initrd, command line) such as the demo, or an ISO of
 * the ISO library (attached to machines as a CD-ROM, never a machine's disk).
 */
public enum TemplateKind {
    IMAGE,
    KERNEL,
    ISO
}
