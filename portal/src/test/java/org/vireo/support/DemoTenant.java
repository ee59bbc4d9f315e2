package org.vireo.support;

import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.vireo.audit.AuditSource;
import org.vireo.machines.CreateMachine;
import org.vireo.machines.Machine;
import org.vireo.machines.MachineQuery;
import org.vireo.machines.MachineService;
import org.vireo.quotas.QuotaService;
import org.vireo.quotas.QuotaView;
import org.vireo.security.AccountService;
import org.vireo.security.CurrentUser;
import org.vireo.security.SystemActor;
import org.vireo.security.VireoPrincipal;
import org.vireo.templates.TemplateService;

/** The seeded demo tenant's user acting through the services, for tests on the real hypervisor. */
public class DemoTenant {
    private final MachineService machines;
    private final TemplateService templates;
    private final AccountService accounts;
    private final QuotaService quotas;

    DemoTenant(MachineService machines, TemplateService templates, AccountService accounts, QuotaService quotas) {
        this.machines = machines;
        this.templates = templates;
        this.accounts = accounts;
        this.quotas = quotas;
    }

    public CurrentUser user() {
        return ((VireoPrincipal) accounts.loadUserByUsername("demo")).currentUser();
    }

    /** The "Vireo Demo (busybox)" template scripts/setup-host builds. */
    public UUID template() {
        return SystemActor.call(() -> templates.list().stream()
                .filter(t -> t.name().equals("Vireo Demo (busybox)"))
                .findFirst()
                .orElseThrow()
                .id());
    }

    /** A small machine (1 vCPU, 128 MiB, 1 GiB) from the demo template. */
    public Machine create(String name, boolean start) {
        var cmd = new CreateMachine(name, template(), 1, 128, 1, start);
        return Actors.as(user(), () -> machines.create(cmd, AuditSource.API));
    }

    public List<Machine> machines() {
        return Actors.as(
                user(),
                () -> machines.list(Pageable.unpaged(), MachineQuery.ALL).getContent());
    }

    public Machine get(UUID id) {
        return Actors.as(user(), () -> machines.get(id));
    }

    public void delete(UUID id) {
        Actors.as(user(), () -> machines.delete(id, AuditSource.API));
    }

    public QuotaView quota() {
        return SystemActor.call(() -> quotas.view(user().tenantId()));
    }
}
