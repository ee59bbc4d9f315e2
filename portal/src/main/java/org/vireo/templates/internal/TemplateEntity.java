package org.vireo.templates.internal;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.vireo.templates.Template;
import org.vireo.templates.TemplateKind;
import org.vireo.templates.TemplateStatus;

@Entity
@Table(name = "template")
public class TemplateEntity {
    @Id
    private UUID id;

    @Column(nullable = false, unique = true)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private TemplateKind kind;

    private String kernelPath;
    private String initrdPath;
    private String cmdline;
    private String imagePath;
    private int defaultVcpus;
    private int defaultMemoryMib;
    private int defaultDiskGib;
    private int minVcpus;
    private int minMemoryMib;
    private int minDiskGib;
    private boolean cloudInit;
    private String osName;
    private String defaultUser;

    @Column(nullable = false)
    private Instant createdAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private TemplateStatus status = TemplateStatus.READY;

    private int progress = 100;
    private String statusDetail;
    private String statusArgs;
    private String imageFormat;
    private String sourceUrl;
    private String sha256;
    private String expectedSha256;
    private Instant updatedAt;
    private UUID importAttempt;

    @Column(nullable = false)
    private String keymap = "us";
    /** Shown to the tenants in {@link #tenants} only (an ISO an operator keeps for chosen tenants). */
    private boolean tenantsOnly;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "template_tenant", joinColumns = @JoinColumn(name = "template_id"))
    @Column(name = "tenant_id")
    private Set<UUID> tenants = new HashSet<>();

    protected TemplateEntity() {}

    public static TemplateEntity kernelBoot(
            String name,
            Path kernel,
            Path initrd,
            String cmdline,
            int vcpus,
            int memoryMiB,
            int diskGiB,
            int minVcpus,
            int minMemoryMiB,
            int minDiskGiB) {
        var t = new TemplateEntity();
        t.id = UUID.randomUUID();
        t.name = name;
        t.kind = TemplateKind.KERNEL;
        t.kernelPath = kernel.toString();
        t.initrdPath = initrd == null ? null : initrd.toString();
        t.cmdline = cmdline;
        t.defaultVcpus = vcpus;
        t.defaultMemoryMib = memoryMiB;
        t.defaultDiskGib = diskGiB;
        t.minVcpus = minVcpus;
        t.minMemoryMib = minMemoryMiB;
        t.minDiskGib = minDiskGiB;
        t.createdAt = Instant.now();
        return t;
    }

    public static TemplateEntity image(
            String name,
            Path image,
            int vcpus,
            int memoryMiB,
            int diskGiB,
            int minDiskGiB,
            boolean cloudInit,
            String osName,
            String defaultUser) {
        var t = new TemplateEntity();
        t.id = UUID.randomUUID();
        t.name = name;
        t.kind = TemplateKind.IMAGE;
        t.imagePath = image.toString();
        t.defaultVcpus = vcpus;
        t.defaultMemoryMib = memoryMiB;
        t.defaultDiskGib = diskGiB;
        t.minVcpus = 1;
        t.minMemoryMib = 128;
        t.minDiskGib = minDiskGiB;
        t.cloudInit = cloudInit;
        t.osName = osName;
        t.defaultUser = defaultUser;
        t.imageFormat = "qcow2";
        t.createdAt = Instant.now();
        t.updatedAt = t.createdAt;
        return t;
    }

    /**
     * An image still to be fetched from {@code sourceUrl}, or (when null) to be uploaded; sizes are checked again
     * against the image when it is in. {@code imageFormat} null: taken from the file.
     */
    public static TemplateEntity importing(
            String name,
            int vcpus,
            int memoryMiB,
            Integer diskGiB,
            boolean cloudInit,
            String osName,
            String defaultUser,
            String imageFormat,
            String sourceUrl,
            String expectedSha256) {
        var t = image(
                name, Path.of("/"), vcpus, memoryMiB, diskGiB == null ? 1 : diskGiB, 1, cloudInit, osName, defaultUser);
        t.defaultDiskGib = diskGiB == null ? 0 : diskGiB;
        t.imagePath = null;
        t.imageFormat = imageFormat;
        t.sourceUrl = sourceUrl;
        t.expectedSha256 = expectedSha256;
        t.status = TemplateStatus.IMPORTING;
        t.progress = 0;
        if ("iso".equals(imageFormat)) {
            t.kind = TemplateKind.ISO;
            t.cloudInit = false;
        }
        return t;
    }

    public UUID getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public TemplateStatus getStatus() {
        return status;
    }

    public String getImageFormat() {
        return imageFormat;
    }

    public String getExpectedSha256() {
        return expectedSha256;
    }

    public String getSourceUrl() {
        return sourceUrl;
    }

    public Instant getUpdatedAt() {
        return updatedAt == null ? createdAt : updatedAt;
    }

    public int getDefaultDiskGib() {
        return defaultDiskGib;
    }

    public void setKeymap(String keymap) {
        this.keymap = keymap;
        updatedAt = Instant.now();
    }

    /** Whether users of this tenant see it (operators see everything; callers check that). */
    public boolean visibleTo(UUID tenantId) {
        return !tenantsOnly || tenantId != null && tenants.contains(tenantId);
    }

    /** The tenants it is shown to; empty: all of them. */
    public Optional<Set<UUID>> shownTo() {
        return tenantsOnly ? Optional.of(Set.copyOf(tenants)) : Optional.empty();
    }

    /** {@code chosen} null: shown to all tenants. */
    public void showTo(Set<UUID> chosen) {
        tenantsOnly = chosen != null;
        tenants.clear();
        if (chosen != null) {
            tenants.addAll(chosen);
        }
        updatedAt = Instant.now();
    }

    /** The attempt that holds the import (null: none started, or it ended). */
    public UUID getImportAttempt() {
        return importAttempt;
    }

    /** The checked image is in place: tenants can use it. {@code diskGiB} 0 keeps the default (or the minimum). */
    public void ready(Path image, String format, String sha, int minDiskGiB) {
        if ("iso".equals(format)) { // an ISO, whatever format was claimed: for the ISO library, not a disk
            kind = TemplateKind.ISO;
            cloudInit = false;
        }
        imagePath = image.toString();
        imageFormat = format;
        sha256 = sha;
        minDiskGib = minDiskGiB;
        defaultDiskGib = Math.max(defaultDiskGib, minDiskGiB);
        status = TemplateStatus.READY;
        importAttempt = null;
        progress = 100;
        statusDetail = null;
        statusArgs = null;
        updatedAt = Instant.now();
    }

    public void failed(String messageKey, List<String> args) {
        status = TemplateStatus.FAILED;
        importAttempt = null;
        statusDetail = messageKey;
        statusArgs = args.isEmpty() ? null : String.join(ARG_SEPARATOR, args);
        updatedAt = Instant.now();
    }

    private static final String ARG_SEPARATOR = "\u001f";

    /** A URL import waiting for a download thread (at most two run at once). */
    private boolean queued() {
        return status == TemplateStatus.IMPORTING && sourceUrl != null && importAttempt == null;
    }

    public Template toTemplate() {
        return new Template(
                id,
                name,
                kind,
                path(kernelPath),
                path(initrdPath),
                cmdline,
                path(imagePath),
                defaultVcpus,
                defaultMemoryMib,
                defaultDiskGib,
                minVcpus,
                minMemoryMib,
                minDiskGib,
                cloudInit,
                createdAt,
                osName,
                defaultUser,
                status,
                progress,
                queued() ? "templates.import-queued" : statusDetail,
                statusArgs == null ? List.of() : List.of(statusArgs.split(ARG_SEPARATOR, -1)),
                imageFormat,
                sha256,
                sourceUrl,
                keymap);
    }

    private static Path path(String s) {
        return s == null ? null : Path.of(s);
    }
}
