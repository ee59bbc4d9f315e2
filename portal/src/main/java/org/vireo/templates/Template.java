package org.vireo.templates;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A template VMs are created from, with default and minimum sizes; {@code osName} and {@code defaultUser} (the
 * user cloud-init creates, who gets a generated password) may be null. An imported image is {@code IMPORTING}
 * (with {@code progress} 0–100) until checked; a {@code FAILED} one names why in {@code statusDetail} (a message
 * key) with {@code statusArgs}. {@code imageFormat} is {@code qcow2} or {@code raw} for images. {@code keymap}: the
 * guests' keyboard layout, one of {@link #KEYMAPS} ({@code us} unless an operator said otherwise).
 */
public record Template(
        UUID id,
        String name,
        TemplateKind kind,
        Path kernel,
        Path initrd,
        String cmdline,
        Path image,
        int vcpus,
        int memoryMiB,
        int diskGiB,
        int minVcpus,
        int minMemoryMiB,
        int minDiskGiB,
        boolean cloudInit,
        Instant createdAt,
        String osName,
        String defaultUser,
        TemplateStatus status,
        int progress,
        String statusDetail,
        List<String> statusArgs,
        String imageFormat,
        String sha256,
        String sourceUrl,
        String keymap) {
    /** The keyboard layouts a guest may have (what the console's "type text" knows). */
    public static final List<String> KEYMAPS = List.of("us", "de");

    public boolean ready() {
        return status == TemplateStatus.READY;
    }
}
