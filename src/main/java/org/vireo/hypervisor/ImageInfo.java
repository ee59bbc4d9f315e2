package org.vireo.hypervisor;

import java.nio.file.Path;

/** What the hypervisor's image tool reports about a disk image file. */
public record ImageInfo(Path path, String format, long virtualSizeBytes, long actualSizeBytes, boolean hasBackingFile) {
}
