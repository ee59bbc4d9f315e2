package org.vireo.hypervisor;

import java.nio.file.Path;

/**
 * What the hypervisor's image tool reports about a disk image file.
 *
 * @param hasBackingFile a qcow2 overlay on another image
 * @param hasDataFile    a qcow2 whose data lives in an external file ({@code data-file}): QEMU reads that file
 * @param encrypted      encrypted content (LUKS or the old AES format)
 */
public record ImageInfo(Path path, String format, long virtualSizeBytes, long actualSizeBytes, boolean hasBackingFile,
                        boolean hasDataFile, boolean encrypted) {
}
