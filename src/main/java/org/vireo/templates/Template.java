package org.vireo.templates;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * A template VMs are created from, with default and minimum sizes; {@code osName} and {@code defaultUser} (the
 * user cloud-init creates, who gets a generated password) may be null.
 */
public record Template(UUID id, String name, TemplateKind kind, Path kernel, Path initrd, String cmdline,
                       Path image, int vcpus, int memoryMiB, int diskGiB, int minVcpus, int minMemoryMiB,
                       int minDiskGiB, boolean cloudInit, Instant createdAt, String osName, String defaultUser) {
}
