package org.vireo.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.support.Actors;
import org.vireo.support.IntegrationTest;
import org.vireo.tenants.TenantService;

@IntegrationTest
class AccountServiceTest {
    @Autowired
    AccountService accounts;

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder encoder;

    @Test
    void passwordsAreStoredAsBcryptHashes() {
        var principal = (VireoPrincipal) accounts.loadUserByUsername("admin");
        assertThat(principal.getPassword()).startsWith("$2a$").doesNotContain("test-admin-password");
        assertThat(encoder.matches("test-admin-password", principal.getPassword()))
                .isTrue();
    }

    @Test
    void tenantAdminCannotCreateOperators() {
        var demo = (VireoPrincipal) accounts.loadUserByUsername("demo");
        asUser(
                demo.currentUser(),
                () -> assertThatThrownBy(() ->
                                accounts.create("evil-admin", "long-enough-password", Role.ADMIN, null, AuditSource.UI))
                        .isInstanceOf(AccessDeniedException.class));
        assertThat(accounts.exists("evil-admin")).isFalse();
    }

    @Test
    void tenantAdminCannotCreateUsersInAnotherTenant() {
        var demo = (VireoPrincipal) accounts.loadUserByUsername("demo");
        asUser(
                demo.currentUser(),
                () -> assertThatThrownBy(() -> accounts.create(
                                "intruder", "long-enough-password", Role.MEMBER, UUID.randomUUID(), AuditSource.UI))
                        .isInstanceOf(AccessDeniedException.class));
    }

    @Test
    void memberCannotCreateTenants() {
        var member = new CurrentUser(UUID.randomUUID(), "m", Role.MEMBER, UUID.randomUUID());
        asUser(
                member,
                () -> assertThatThrownBy(() -> tenants.create("sneaky", null, AuditSource.UI))
                        .isInstanceOf(AccessDeniedException.class));
    }

    @Test
    void shortPasswordsAndBadUsernamesAreRefusedNamingTheField() {
        SystemActor.run(() -> {
            assertThatThrownBy(() -> accounts.create("shorty", "short", Role.ADMIN, null, AuditSource.UI))
                    .isInstanceOfSatisfying(
                            InvalidInputException.class,
                            e -> assertThat(e.field()).isEqualTo("password"));
            assertThatThrownBy(() ->
                            accounts.create("Bad<Name>", "long-enough-password", Role.ADMIN, null, AuditSource.UI))
                    .isInstanceOfSatisfying(
                            InvalidInputException.class,
                            e -> assertThat(e.field()).isEqualTo("username"));
        });
        assertThat(accounts.exists("shorty")).isFalse();
    }

    private static void asUser(CurrentUser user, Runnable work) {
        Actors.as(user, work);
    }
}
