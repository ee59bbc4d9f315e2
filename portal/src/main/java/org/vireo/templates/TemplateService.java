package org.vireo.templates;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Sort;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.InvalidInputException;
import org.vireo.base.NotFoundException;
import org.vireo.base.Validation;
import org.vireo.security.CurrentUser;
import org.vireo.templates.internal.TemplateEntity;
import org.vireo.templates.internal.TemplateRepository;

/** Templates are shared by all tenants; operators register them. */
@Service
@EnableConfigurationProperties(TemplateSettings.class)
@PreAuthorize("isAuthenticated()")
public class TemplateService {
    private final TemplateRepository templates;
    private final AuditLog audit;
    private final ObjectProvider<TemplateUsers> users;
    private final ApplicationEventPublisher events;

    /** Base images are registered only from here: never a tenant's disk in a pool, nor any other host file. */
    private final Path templateDir;

    private final int maxImageGiB;

    TemplateService(
            TemplateRepository templates,
            AuditLog audit,
            ObjectProvider<TemplateUsers> users,
            ApplicationEventPublisher events,
            TemplateSettings settings) {
        this.users = users;
        this.events = events;
        this.templates = templates;
        this.audit = audit;
        this.templateDir = settings.directory();
        this.maxImageGiB = settings.templates().maxImageGib();
    }

    /** Where imported images are kept ({@code ${vireo.home}/templates/imports}), one file per template. */
    Path importDirectory() {
        return templateDir.resolve("imports");
    }

    private boolean isImported(Path image) {
        return image != null && image.normalize().startsWith(importDirectory());
    }

    /** Where base images are registered from ({@code ${vireo.home}/templates}). */
    @PreAuthorize("hasRole('ADMIN')")
    public Path templateDirectory() {
        return templateDir;
    }

    /** The templates machines are created from (no ISOs): all for operators, for tenants only {@code READY} ones. */
    @Transactional(readOnly = true)
    public List<Template> list() {
        return visible().filter(t -> t.kind() != TemplateKind.ISO).toList();
    }

    /** The ISO library: all for operators, for tenants only {@code READY} images. */
    @Transactional(readOnly = true)
    public List<Template> isos() {
        return visible().filter(t -> t.kind() == TemplateKind.ISO).toList();
    }

    private Stream<Template> visible() {
        var caller = CurrentUser.require();
        return templates.findAll(Sort.by("name")).stream()
                .filter(e -> seenBy(caller, e))
                .map(TemplateEntity::toTemplate);
    }

    /** Tenants find only {@code READY} templates, and ISOs shown to their tenant (404 otherwise). */
    @Transactional(readOnly = true)
    public Template get(UUID id) {
        var caller = CurrentUser.require();
        return templates
                .findById(id)
                .filter(e -> seenBy(caller, e))
                .map(TemplateEntity::toTemplate)
                .orElseThrow(() -> new NotFoundException("template"));
    }

    /**
     * Inside the caller's transaction, which then records a machine's use of the template (its row names it): locks
     * the template's row until that transaction ends, so a concurrent delete either happened before (this throws
     * {@link NotFoundException}) or counts this use. Visibility as {@link #get}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Template holdForUse(UUID id) {
        var caller = CurrentUser.require();
        return templates
                .lockById(id)
                .filter(e -> seenBy(caller, e))
                .map(TemplateEntity::toTemplate)
                .orElseThrow(() -> new NotFoundException("template"));
    }

    /** The keyboard layout of the template's guests ({@link Template#KEYMAPS}); audited. */
    @Transactional
    @PreAuthorize("hasRole('ADMIN')")
    public Template setKeymap(UUID id, String keymap, AuditSource source) {
        String checked = keymap(keymap);
        var entity = templates.findById(id).orElseThrow(() -> new NotFoundException("template"));
        entity.setKeymap(checked);
        var saved = templates.saveAndFlush(entity).toTemplate();
        audit.record(
                CurrentUser.require().username(),
                null,
                "template.keymap",
                saved.name(),
                AuditOutcome.SUCCESS,
                source,
                checked);
        return saved;
    }

    /** A keymap as given, checked (null stays null). */
    public static String keymap(String keymap) {
        if (keymap != null && !Template.KEYMAPS.contains(keymap)) {
            throw new InvalidInputException("keymap", "templates.keymap-invalid", String.join(", ", Template.KEYMAPS));
        }
        return keymap;
    }

    private static boolean seenBy(CurrentUser caller, TemplateEntity e) {
        return caller.isAdmin() || e.getStatus() == TemplateStatus.READY && e.visibleTo(caller.tenantId());
    }

    @Transactional(readOnly = true)
    public boolean exists(String name) {
        return templates.existsByName(name);
    }

    /** Registers a direct-kernel-boot template from files on the host. */
    @Transactional
    @PreAuthorize("hasRole('ADMIN')")
    public Template registerKernelBoot(
            String name,
            Path kernel,
            Path initrd,
            String cmdline,
            int vcpus,
            int memoryMiB,
            int diskGiB,
            AuditSource source) {
        var caller = CurrentUser.require();
        Validation.text("name", name, 100);
        hostFile("kernel", kernel);
        if (initrd != null) {
            hostFile("initrd", initrd);
        }
        if (cmdline == null || !cmdline.matches("^[\\x20-\\x7e]{0,1024}$")) {
            throw new InvalidInputException("cmdline", "validation.characters");
        }
        Validation.range("vcpus", vcpus, 1, 64);
        Validation.range("memoryMiB", memoryMiB, 64, 1024 * 1024);
        Validation.range("diskGiB", diskGiB, 1, 16 * 1024);
        if (templates.existsByName(name)) {
            throw new InvalidInputException("name", "templates.name-taken");
        }
        var saved = templates
                .save(TemplateEntity.kernelBoot(
                        name, kernel, initrd, cmdline, vcpus, memoryMiB, diskGiB, 1, Math.min(memoryMiB, 128), 1))
                .toTemplate();
        audit.record(caller.username(), null, "template.register", name, AuditOutcome.SUCCESS, source, null);
        return saved;
    }

    /**
     * Registers a qcow2 base image on the host. The file is made read-only: machines get copy-on-write overlays on
     * it, so creating one does not copy (or even read) the image, whatever its size.
     */
    @Transactional
    @PreAuthorize("hasRole('ADMIN')")
    public Template registerImage(
            String name,
            Path image,
            Integer vcpus,
            Integer memoryMiB,
            Integer diskGiB,
            boolean cloudInit,
            AuditSource source) {
        return registerImage(name, image, vcpus, memoryMiB, diskGiB, cloudInit, null, null, source);
    }

    /** As above, naming the guest's OS and the user cloud-init creates in it (both optional). */
    @Transactional
    @PreAuthorize("hasRole('ADMIN')")
    public Template registerImage(
            String name,
            Path image,
            Integer vcpus,
            Integer memoryMiB,
            Integer diskGiB,
            boolean cloudInit,
            String osName,
            String defaultUser,
            AuditSource source) {
        var caller = CurrentUser.require();
        checkGuest(name, osName, defaultUser);
        hostFile("imagePath", image);
        inTemplateDir(image);
        var info = ImageCheck.check("imagePath", image, null, maxImageGiB);
        int minDisk = info.minDiskGiB();
        int v = Validation.range("vcpus", vcpus == null ? 1 : vcpus, 1, 64);
        int m = Validation.range("memoryMiB", memoryMiB == null ? 512 : memoryMiB, 128, 1024 * 1024);
        int d = Validation.range("diskGiB", diskGiB == null ? minDisk : diskGiB, minDisk, 16 * 1024);
        if (templates.existsByName(name)) {
            throw new InvalidInputException("name", "templates.name-taken");
        }
        try {
            Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("r--r--r--"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new InvalidInputException("imagePath", "templates.image-unreadable");
        }
        var entity = TemplateEntity.image(name, image, v, m, d, minDisk, cloudInit, osName, defaultUser);
        entity.ready(image, info.format(), null, minDisk);
        var saved = templates.save(entity).toTemplate();
        audit.record(
                caller.username(),
                null,
                "template.register",
                name,
                AuditOutcome.SUCCESS,
                source,
                "image=" + image + " virtualSize=" + info.virtualSizeBytes());
        return saved;
    }

    /** The name, and what is said about the guest (both optional). */
    static void checkGuest(String name, String osName, String defaultUser) {
        Validation.text("name", name, 100);
        if (osName != null) {
            Validation.text("osName", osName, 100);
        }
        if (defaultUser != null && !Validation.UNIX_USER.matcher(defaultUser).matches()) {
            throw new InvalidInputException("defaultUser", "templates.user-invalid");
        }
    }

    /** The image, symbolic links resolved, must lie under {@code ${vireo.home}/templates}. */
    private void inTemplateDir(Path image) {
        try {
            Path real = image.toRealPath();
            Path root = templateDir.toRealPath();
            if (!real.startsWith(root) || real.equals(root)) {
                throw new InvalidInputException("imagePath", "templates.image-outside", templateDir.toString());
            }
        } catch (IOException e) {
            throw new InvalidInputException("imagePath", "templates.image-outside", templateDir.toString());
        }
    }

    /**
     * Deletes a template no machine uses (409 otherwise); the files it was registered from stay where the operator
     * put them, its copies in hosts' pools are removed.
     */
    @Transactional
    @PreAuthorize("hasRole('ADMIN')")
    public void delete(UUID id, AuditSource source) {
        var caller = CurrentUser.require();
        // locked: a machine taking it meanwhile waits, or is counted here (see holdForUse)
        var entity = templates.lockById(id).orElseThrow(() -> new NotFoundException("template"));
        long using = users.stream().mapToLong(u -> u.machinesUsing(id)).sum();
        if (using > 0) {
            audit.record(
                    caller.username(),
                    null,
                    "template.delete",
                    entity.toTemplate().name(),
                    AuditOutcome.DENIED,
                    source,
                    "in use by " + using);
            throw new ConflictException("templates.in-use", using);
        }
        try {
            templates.delete(entity);
            templates.flush();
        } catch (DataIntegrityViolationException e) {
            throw new ConflictException("templates.in-use", 1); // a machine was created from it just now
        }
        audit.record(
                caller.username(),
                null,
                "template.delete",
                entity.toTemplate().name(),
                AuditOutcome.SUCCESS,
                source,
                null);
        events.publishEvent(new TemplateDeleted(id));
        if (entity.toTemplate().sourceUrl() != null
                || entity.getStatus() != TemplateStatus.READY
                || isImported(entity.toTemplate().image())) {
            ImageImports.removeFiles(importDirectory(), id); // its imported image is Vireo's, not the operator's
        }
    }

    private static void hostFile(String field, Path p) {
        if (p == null || !p.isAbsolute() || !p.normalize().equals(p) || !Files.isRegularFile(p)) {
            throw new InvalidInputException(field, "templates.file-missing");
        }
    }
}
