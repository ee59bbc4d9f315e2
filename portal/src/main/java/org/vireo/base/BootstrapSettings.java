package org.vireo.base;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What a first start sets up ({@code vireo.bootstrap.*}, each module its part): the operator account's password
 * ({@code VIREO_ADMIN_PASSWORD}; empty: generated and logged once), the demo tenant and its user's password
 * ({@code VIREO_DEMO_TENANT}, {@code VIREO_DEMO_PASSWORD}), the demo machine ({@code VIREO_DEMO_MACHINE}) and the
 * Debian template ({@code VIREO_DEMO_DEBIAN}).
 */
@ConfigurationProperties(prefix = "vireo.bootstrap")
public record BootstrapSettings(
        String adminPassword, boolean demoTenant, String demoPassword, boolean demoMachine, boolean debianTemplate) {
    public BootstrapSettings {
        adminPassword = adminPassword == null ? "" : adminPassword;
        demoPassword = demoPassword == null ? "" : demoPassword;
        // the passwords are checked by the account rules when an account is made with them (first start only)
    }

    /** Without the passwords. */
    @Override
    public String toString() {
        return "BootstrapSettings[adminPassword=" + (adminPassword.isEmpty() ? "(generated)" : "(set)")
                + ", demoTenant=" + demoTenant + ", demoPassword=" + (demoPassword.isEmpty() ? "(generated)" : "(set)")
                + ", demoMachine=" + demoMachine + ", debianTemplate=" + debianTemplate + "]";
    }
}
