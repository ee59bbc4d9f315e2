package org.vireo.machines;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.vireo.audit.AuditSource;
import org.vireo.base.BootstrapSettings;
import org.vireo.security.AccountService;
import org.vireo.security.SystemActor;
import org.vireo.security.VireoPrincipal;
import org.vireo.templates.TemplateService;
import org.vireo.tenants.DemoTenantSeeded;

/**
 * On the first start that seeded the demo tenant, creates and starts its machine {@code demo-1} from the demo
 * template, so a new installation shows a real guest at once. Runs after the template is registered; a failure
 * is logged and does not stop Vireo.
 */
@Component
@EnableConfigurationProperties(BootstrapSettings.class)
class DemoMachineBootstrap {
    private static final Logger log = LoggerFactory.getLogger(DemoMachineBootstrap.class);
    private final MachineService machines;
    private final TemplateService templates;
    private final AccountService accounts;
    private final boolean enabled;
    private volatile DemoTenantSeeded seeded;

    DemoMachineBootstrap(
            MachineService machines, TemplateService templates, AccountService accounts, BootstrapSettings settings) {
        this.machines = machines;
        this.templates = templates;
        this.accounts = accounts;
        this.enabled = settings.demoMachine();
    }

    @EventListener
    void on(DemoTenantSeeded event) {
        seeded = event;
    }

    /**
     * When the application is ready, after the portal's own host is registered (HostBootstrap, order 0): the
     * machine is placed on that host and wired to its network as the host's mode says.
     */
    @EventListener(ApplicationReadyEvent.class)
    @Order(10)
    public void run() {
        if (!enabled || seeded == null) {
            return;
        }
        try {
            var template = SystemActor.call(() -> templates.list().stream()
                    .filter(t -> t.name().equals("Vireo Demo (busybox)"))
                    .findFirst());
            if (template.isEmpty()) {
                log.warn("demo template missing; no demo machine created");
                return;
            }
            var user = ((VireoPrincipal) accounts.loadUserByUsername(seeded.username())).currentUser();
            var m = SystemActor.callAs(
                    user,
                    () -> machines.create(
                            new CreateMachine("demo-1", template.get().id(), null, null, null, true),
                            AuditSource.SYSTEM));
            log.info("demo machine 'demo-1' created for tenant demo: {}", m.state());
        } catch (RuntimeException e) {
            log.warn("demo machine not created: {}", e.getMessage());
        }
    }
}
