package org.vireo.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The role claim grants a tenant role at most: never an operator, whatever it says. */
class OidcAccountsTest {
    @Test
    void theRoleClaimMapsToTenantRolesOnly() {
        assertThat(OidcAccounts.role(null)).isEqualTo(Role.MEMBER);
        assertThat(OidcAccounts.role("member")).isEqualTo(Role.MEMBER);
        assertThat(OidcAccounts.role("TENANT_ADMIN")).isEqualTo(Role.TENANT_ADMIN);
        assertThat(OidcAccounts.role("admin")).isNull();
        assertThat(OidcAccounts.role("ADMIN")).isNull();
        assertThat(OidcAccounts.role("[member]")).isNull();
        assertThat(OidcAccounts.role("")).isNull();
    }
}
