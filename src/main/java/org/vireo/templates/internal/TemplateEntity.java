package org.vireo.templates.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.vireo.templates.Template;
import org.vireo.templates.TemplateKind;

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

    protected TemplateEntity() {
    }

    public static TemplateEntity kernelBoot(String name, Path kernel, Path initrd, String cmdline,
                                            int vcpus, int memoryMiB, int diskGiB,
                                            int minVcpus, int minMemoryMiB, int minDiskGiB) {
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

    public static TemplateEntity image(String name, Path image, int vcpus, int memoryMiB, int diskGiB,
                                       int minDiskGiB, boolean cloudInit, String osName, String defaultUser) {
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
        t.createdAt = Instant.now();
        return t;
    }

    public Template toTemplate() {
        return new Template(id, name, kind, path(kernelPath), path(initrdPath), cmdline, path(imagePath),
                defaultVcpus, defaultMemoryMib, defaultDiskGib, minVcpus, minMemoryMib, minDiskGib, cloudInit,
                createdAt, osName, defaultUser);
    }

    private static Path path(String s) {
        return s == null ? null : Path.of(s);
    }
}
