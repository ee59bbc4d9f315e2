package org.vireo.templates;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Sort;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.base.NotFoundException;
import org.vireo.base.Validation;
import org.vireo.security.CurrentUser;
import org.vireo.templates.internal.TemplateEntity;
import org.vireo.templates.internal.TemplateRepository;

/** Templates are shared by all tenants; operators register them. */
@Service
@PreAuthorize("isAuthenticated()")
public class TemplateService {
    private final TemplateRepository templates;
    private final AuditLog audit;

    TemplateService(TemplateRepository templates, AuditLog audit) {
        this.templates = templates;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public List<Template> list() {
        return templates.findAll(Sort.by("name")).stream().map(TemplateEntity::toTemplate).toList();
    }

    @Transactional(readOnly = true)
    public Template get(UUID id) {
        return templates.findById(id).map(TemplateEntity::toTemplate)
                .orElseThrow(() -> new NotFoundException("template"));
    }

    @Transactional(readOnly = true)
    public boolean exists(String name) {
        return templates.existsByName(name);
    }

    /** Registers a direct-kernel-boot template from files on the host. */
    @Transactional
    @PreAuthorize("hasRole('ADMIN')")
    public Template registerKernelBoot(String name, Path kernel, Path initrd, String cmdline, int vcpus,
                                       int memoryMiB, int diskGiB, AuditSource source) {
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
        var saved = templates.save(TemplateEntity.kernelBoot(name, kernel, initrd, cmdline, vcpus, memoryMiB,
                diskGiB, 1, Math.min(memoryMiB, 128), 1)).toTemplate();
        audit.record(caller.username(), null, "template.register", name, AuditOutcome.SUCCESS, source, null);
        return saved;
    }

    private static void hostFile(String field, Path p) {
        if (p == null || !p.isAbsolute() || !p.normalize().equals(p) || !Files.isRegularFile(p)) {
            throw new InvalidInputException(field, "templates.file-missing");
        }
    }
}
