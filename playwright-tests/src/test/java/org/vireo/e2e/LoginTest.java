package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

class LoginTest extends BrowserTest {

    @Test
    void adminSeesGermanStartPageWhenBrowserPrefersGerman() {
        open("de-DE");
        login("admin", VireoServer.ADMIN_PASSWORD, "Benutzername", "Passwort", "Anmelden");
        assertThat(page.locator("#home-title")).hasText("Willkommen bei Vireo");
        assertThat(page.locator("#home-user")).containsText("Betreiber");
        assertThat(page.locator("#main-nav")).containsText("Vorlagen");
    }

    @Test
    void adminSeesEnglishStartPageWhenBrowserPrefersEnglish() {
        open("en-US");
        loginEnglish("admin", VireoServer.ADMIN_PASSWORD);
        assertThat(page.locator("#home-title")).hasText("Welcome to Vireo");
        assertThat(page.locator("#home-user")).containsText("Operator");
        assertThat(page.locator("#main-nav")).containsText("Templates");
    }

    @Test
    void languageSwitchTurnsTheStartPageGermanAndBack() {
        open("en-US");
        loginEnglish("admin", VireoServer.ADMIN_PASSWORD);
        assertThat(page.locator("#home-title")).hasText("Welcome to Vireo");
        chooseLanguage("Deutsch");
        assertThat(page.locator("#home-title")).hasText("Willkommen bei Vireo");
        chooseLanguage("English");
        assertThat(page.locator("#home-title")).hasText("Welcome to Vireo");
    }

    @Test
    void wrongPasswordShowsClearErrorInGerman() {
        open("de-DE");
        login("admin", "not-the-password", "Benutzername", "Passwort", "Anmelden");
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/login\\?error$"));
        assertThat(page.getByText("Anmeldung fehlgeschlagen")).isVisible();
        assertThat(page.getByText(
                        "Benutzername oder Passwort ist falsch.", new Page.GetByTextOptions().setExact(false)))
                .isVisible();
        assertThat(page.locator("#home-title")).hasCount(0);
    }

    @Test
    void wrongPasswordShowsClearErrorInEnglish() {
        open("en-US");
        loginEnglish("demo", "wrong-password-123");
        assertThat(page.getByText("Sign-in failed")).isVisible();
        assertThat(page.getByText("The username or password is wrong.", new Page.GetByTextOptions().setExact(false)))
                .isVisible();
    }

    @Test
    void logoutReturnsToLogin() {
        open("en-US");
        loginEnglish("demo", VireoServer.DEMO_PASSWORD);
        assertThat(page.locator("#home-user")).containsText("demo");
        page.locator("#logout").click();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")))
                .isVisible();
        navigate("/");
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/login$"));
    }

    private void chooseLanguage(String language) {
        page.locator("#locale-select").click();
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName(language))
                .click();
        page.waitForLoadState();
        waitForVaadin();
    }
}
