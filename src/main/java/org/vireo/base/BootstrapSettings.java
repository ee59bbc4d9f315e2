package org.vireo.base;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What a first start sets up ({@code vireo.bootstrap.*}, each module its part): the operator account's password
 * ({@code VIREO_ADMIN_PASSWORD}; empty: generated and logged once), the demo tenant and its user's password
 * ({@code VIREO_DEMO_TENANT}, {@code VIREO_DEMO_PASSWORD}), the demo machine ({@code VIREO_DEMO_MACHINE}) and the
 * Debian template ({@code VIREO_DEMO_DEBIAN}).
 */
@ConfigurationProperties(prefix = "vireo.bootstrap")
public record BootstrapSettings(String adminPassword, boolean demoTenant, String demoPassword, boolean demoMachine,
                                boolean debianTemplate) {
    public BootstrapSettings {
        adminPassword = adminPassword == null ? "" : adminPassword;
        demoPassword = demoPassword == null ? "" : demoPassword;
        for (String[] password : new String[][] {{"VIREO_ADMIN_PASSWORD", adminPassword},
                {"VIREO_DEMO_PASSWORD", demoPassword}}) {
            // the account rules (AccountService): 10 to 128 characters
            if (!password[1].isEmpty() && (password[1].length() < 10 || password[1].length() > 128)) {
                throw new IllegalArgumentException(password[0] + " must be 10 to 128 characters (or empty: generated)");
            }
        }
    }

    /** Without the passwords. */
    @Override
    public String toString() {
        return "BootstrapSettings[adminPassword=" + (adminPassword.isEmpty() ? "(generated)" : "(set)")
                + ", demoTenant=" + demoTenant + ", demoPassword=" + (demoPassword.isEmpty() ? "(generated)" : "(set)")
                + ", demoMachine=" + demoMachine + ", debianTemplate=" + debianTemplate + "]";
    }
}
