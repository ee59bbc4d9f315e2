package org.vireo.tenants;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.vireo.audit.AuditSource;
import org.vireo.base.BootstrapSettings;
import org.vireo.security.AccountService;
import org.vireo.security.Passwords;
import org.vireo.security.Role;
import org.vireo.security.SystemActor;

/**
 * On first start of the embedded default, seeds tenant {@code demo} with user {@code demo}
 * ({@code VIREO_DEMO_PASSWORD}, or a random password printed once), so the tenant side can be tried at once.
 */
@Component
@EnableConfigurationProperties(BootstrapSettings.class)
@Order(10)
class DemoTenantBootstrap implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(DemoTenantBootstrap.class);
    private final TenantService tenants;
    private final AccountService accounts;
    private final boolean enabled;
    private final String configuredPassword;
    private final ApplicationEventPublisher events;

    DemoTenantBootstrap(
            TenantService tenants,
            AccountService accounts,
            BootstrapSettings settings,
            ApplicationEventPublisher events) {
        this.events = events;
        this.tenants = tenants;
        this.accounts = accounts;
        this.enabled = settings.demoTenant();
        this.configuredPassword = settings.demoPassword();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!enabled || accounts.exists("demo")) {
            return;
        }
        boolean generated = configuredPassword == null || configuredPassword.isEmpty();
        String password = generated ? Passwords.random() : configuredPassword;
        var tenant = SystemActor.call(() -> {
            var t = tenants.findByName("demo").orElseGet(() -> tenants.create("demo", "Demo", AuditSource.SYSTEM));
            accounts.create("demo", password, Role.TENANT_ADMIN, t.id(), AuditSource.SYSTEM);
            return t;
        });
        events.publishEvent(new DemoTenantSeeded(tenant.id(), "demo"));
        if (generated) {
            log.warn("""

                    ==========================================================
                     Demo tenant 'demo' created (password shown only once):
                       user:     demo
                       password: {}
                    ==========================================================""", password);
        } else {
            log.info("Demo tenant 'demo' with user 'demo' created with the password from VIREO_DEMO_PASSWORD");
        }
    }
}
