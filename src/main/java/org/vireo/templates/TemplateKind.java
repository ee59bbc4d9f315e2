package org.vireo.templates;

/** A qcow2 base image, or a direct-kernel-boot set (kernel, initrd, command line) such as the demo. */
public enum TemplateKind { IMAGE, KERNEL }
