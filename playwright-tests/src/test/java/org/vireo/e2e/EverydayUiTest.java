package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a hosting customer and an operator do every day: users and their roles, the own password, tokens with
 * expiry and copy, an audit log in words, confirmations before suspending or deleting a tenant, a suspended
 * account told so, and a translated page for addresses that lead nowhere.
 */
class EverydayUiTest extends BrowserTest {
    private final String suffix = UUID.randomUUID().toString().substring(0, 6);

    /** A tenant with a tenant admin; returns the admin's user name (password "everyday-password-1"). */
    private String tenantWithAdmin(Api operator, String name) {
        String tenant = Api.field(operator.post("/api/v1/admin/tenants", "{\"name\":\"" + name + "\"}", 201), "id");
        operator.post(
                "/api/v1/admin/tenants/" + tenant + "/users",
                "{\"username\":\"" + name + "\",\"password\":\"everyday-password-1\",\"role\":\"TENANT_ADMIN\"}",
                201);
        return name;
    }

    @Test
    void tenantAdminsManageTheirUsersAndOperatorsSeeAllOfThem() {
        var operator = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        String admin = tenantWithAdmin(operator, "team-" + suffix);
        open("en-US");
        loginEnglish(admin, "everyday-password-1");
        navigate("/users");
        page.locator("#user-username input").fill("mate-" + suffix);
        page.locator("#user-password input").fill("short");
        page.locator("#add-user").click();
        // one message, at the field it is about
        assertThat(page.locator("#user-password")).hasAttribute("invalid", "");
        assertThat(page.locator("#user-password")).containsText("at least 10 characters");
        page.locator("#user-password input").fill("mate-password-1");
        page.locator("#add-user").click();
        assertThat(successNotice()).containsText("mate-" + suffix);
        assertThat(page.locator("#users-grid")).containsText("mate-" + suffix);
        // not oneself
        assertThat(page.locator("#remove-" + admin)).isDisabled();
        page.locator("#role-mate-" + suffix).click();
        page.locator("#change-role").click();
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("Tenant administrator"))
                .click();
        page.locator("#save-role").click();
        assertThat(page.locator("#users-grid")).containsText("Tenant administrator");
        page.locator("#remove-mate-" + suffix).click();
        assertThat(page.getByText("Remove mate-" + suffix + "?")).isVisible();
        page.locator("#confirm-remove-user").click();
        assertThat(successNotice()).containsText("was removed");
        assertThat(page.locator("#users-grid")).not().containsText("mate-" + suffix);

        // operators: everyone, with their tenant, filterable by tenant
        open("en-US");
        loginEnglish("admin", VireoServer.ADMIN_PASSWORD);
        navigate("/users");
        assertThat(page.locator("#users-grid")).containsText("demo");
        page.locator("#users-tenant-filter input").fill("team-" + suffix);
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("team-" + suffix))
                .click();
        waitForVaadin();
        // (the grid keeps recycled cells in the DOM: only what is shown counts)
        var shown = page.locator("#users-grid vaadin-grid-cell-content:visible");
        assertThat(shown.filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText(admin))
                        .first())
                .isVisible();
        assertThat(shown.filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("demo")))
                .hasCount(0);
    }

    @Test
    void everyUserChangesTheirOwnPassword() {
        var operator = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        String user = tenantWithAdmin(operator, "pw-" + suffix);
        open("de-DE");
        login(user, "everyday-password-1", "Benutzername", "Passwort", "Anmelden");
        page.locator("#current-user").click();
        page.waitForURL("**/account");
        page.locator("#current-password input").fill("wrong-password-1");
        page.locator("#new-password input").fill("brand-new-password-2");
        page.locator("#repeat-password input").fill("brand-new-password-2");
        page.locator("#change-password").click();
        assertThat(page.locator("#current-password")).containsText("nicht richtig");
        page.locator("#current-password input").fill("everyday-password-1");
        page.locator("#change-password").click();
        assertThat(successNotice()).containsText("Passwort wurde geändert");
        var audit = operator.get("/api/v1/audit?action=account.change-password&actor=" + user);
        assertThat(audit).contains("\"outcome\":\"SUCCESS\"").contains("\"outcome\":\"DENIED\"");
        new Api(server.baseUrl, user, "brand-new-password-2"); // signs in with the new one
    }

    @Test
    void tokensAreIssuedWithScopeAndExpiryAndCopied() {
        open("en-US");
        page.context().grantPermissions(java.util.List.of("clipboard-read", "clipboard-write"));
        loginEnglish("demo", VireoServer.DEMO_PASSWORD);
        navigate("/tokens");
        page.locator("#token-name input").fill("ci-" + suffix);
        page.locator("#token-scope").click();
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("Read only (GET)"))
                .click();
        page.locator("#token-expiry").click();
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("7 days"))
                .click();
        page.locator("#issue-token").click();
        String token = page.locator("#token-secret input").inputValue();
        assertThat(token).hasSizeGreaterThan(30);
        page.locator("#token-secret-copy").click();
        assertThat(successNotice()).containsText("clipboard");
        assertThat((String) page.evaluate("() => navigator.clipboard.readText()"))
                .isEqualTo(token);
        page.locator("#token-secret-done").click(); // copied: it closes at once
        assertThat(page.locator("#token-secret")).hasCount(0);
        assertThat(page.locator("#tokens-grid")).containsText("ci-" + suffix);
        String listed = new Api(server.baseUrl, "demo", VireoServer.DEMO_PASSWORD).get("/api/v1/tokens");
        assertThat(listed).containsPattern("\"name\":\"ci-" + suffix + "\",[^}]*\"scope\":\"read\"");
    }

    @Test
    void theAuditLogSpeaksTheUsersLanguageWithTenantNamesAndFilters() throws Exception {
        var operator = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        String name = tenantWithAdmin(operator, "aud-" + suffix);
        new Api(server.baseUrl, name, "everyday-password-1");
        open("de-DE");
        login("admin", VireoServer.ADMIN_PASSWORD, "Benutzername", "Passwort", "Anmelden");
        navigate("/audit");
        page.locator("#audit-actor input").fill("AUD-" + suffix.toUpperCase().substring(0, 3));
        page.locator("#audit-actor input").press("Enter"); // Enter applies the filter
        waitForVaadin();
        var grid = page.locator("#audit-grid vaadin-grid-cell-content:visible");
        assertThat(grid.filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Anmeldung"))
                        .first())
                .isVisible();
        assertThat(grid.filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("erfolgreich"))
                        .first())
                .isVisible();
        // the tenant's name, not its id
        assertThat(grid.filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("aud-" + suffix))
                        .first())
                .isVisible();
        // the user was created by admin, not by this actor: filtered out
        assertThat(grid.filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Benutzer angelegt")))
                .hasCount(0);
        page.locator("#audit-from input").fill("1.1.2030");
        page.locator("#audit-from input").press("Enter");
        page.locator("#audit-to input").fill("1.1.2020");
        page.locator("#audit-to input").press("Enter");
        assertThat(page.locator("#audit-to")).hasAttribute("invalid", "");
        page.locator("#audit-from input").fill("");
        page.locator("#audit-from input").press("Enter");
        page.locator("#audit-to input").fill("");
        page.locator("#audit-to input").press("Enter");
        assertThat(page.locator("#audit-to")).not().hasAttribute("invalid", "");
        Download csv = page.waitForDownload(() -> page.locator("#audit-csv").click());
        String text = Files.readString(csv.path());
        assertThat(text)
                .startsWith("time,actor,tenant,action,target,outcome,source,detail,operatorDetail")
                .contains("\"aud-" + suffix + "\"");
    }

    @Test
    void suspendingAndDeletingATenantAskFirstAndASuspendedUserIsToldSo() {
        var operator = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        String name = tenantWithAdmin(operator, "susp-" + suffix);
        open("en-US");
        loginEnglish("admin", VireoServer.ADMIN_PASSWORD);
        navigate("/admin/tenants");
        page.locator("#suspend-" + name).click();
        assertThat(page.getByText("Suspend " + name + "?")).isVisible();
        page.locator("#confirm-suspend").click();
        assertThat(successNotice()).containsText(name + " is suspended");

        open("en-US");
        loginEnglish(name, "everyday-password-1");
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/login\\?suspended$"));
        assertThat(page.getByText("Account suspended")).isVisible();
        // a wrong password is just wrong: the state of an account is told only to who knows its password
        loginEnglish(name, "wrong-password-9");
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/login\\?error$"));
        assertThat(page.getByText("Sign-in failed")).isVisible();

        open("en-US");
        loginEnglish("admin", VireoServer.ADMIN_PASSWORD);
        navigate("/admin/tenants");
        page.locator("#delete-tenant-" + name).click();
        assertThat(page.getByText("Delete " + name + "?")).isVisible();
        page.locator("#confirm-delete-tenant").click();
        assertThat(successNotice()).containsText(name + " was deleted");
    }

    @Test
    void anAddressThatLeadsNowhereGetsATranslatedPage() {
        open("de-DE");
        login("demo", VireoServer.DEMO_PASSWORD, "Benutzername", "Passwort", "Anmelden");
        page.navigate(server.baseUrl + "/no-such-page");
        waitForVaadin();
        assertThat(page.locator("#not-found-view")).containsText("Seite nicht gefunden");
        assertThat(page).hasTitle("Seite nicht gefunden · Vireo");
        assertThat(page.locator("body")).not().containsText("Could not navigate");
        page.locator("#not-found-home").click();
        assertThat(page.locator("#main-nav")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(10_000));
    }
}
