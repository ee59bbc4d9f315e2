package org.vireo.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.vireo.audit.AuditSource;
import org.vireo.base.BootstrapSettings;

/**
 * On first start, creates the operator account {@code admin} with {@code VIREO_ADMIN_PASSWORD}, or with a random
 * password that is printed to the log this one time (it is stored only as a hash).
 */
@Component
@EnableConfigurationProperties(BootstrapSettings.class)
@Order(0)
class AdminBootstrap implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    private final AccountService accounts;
    private final String configuredPassword;

    AdminBootstrap(AccountService accounts, BootstrapSettings settings) {
        this.accounts = accounts;
        this.configuredPassword = settings.adminPassword();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (accounts.anyAdminExists()) {
            return;
        }
        boolean generated = configuredPassword == null || configuredPassword.isEmpty();
        String password = generated ? Passwords.random() : configuredPassword;
        SystemActor.run(() -> accounts.create("admin", password, Role.ADMIN, null, AuditSource.SYSTEM));
        if (generated) {
            log.warn("""

                    ==========================================================
                     Vireo operator account created (shown only this once):
                       user:     admin
                       password: {}
                    ==========================================================""", password);
        } else {
            log.info("Vireo operator account 'admin' created with the password from VIREO_ADMIN_PASSWORD");
        }
    }
}
