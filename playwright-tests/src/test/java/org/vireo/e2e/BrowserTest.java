package org.vireo.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** One Chromium per test class, a fresh context and page per test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserTest {
    protected VireoServer server;
    private Playwright playwright;
    private Browser browser;
    private BrowserContext context;
    protected Page page;

    @BeforeAll
    void launchBrowser() {
        server = startServer();
        playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(Path.of(System.getProperty("chromium.path", "/usr/bin/chromium")))
                        .setHeadless(true)
                        .setArgs(List.of(
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--no-first-run",
                                "--disable-quic")));
    }

    /** The portal these tests drive: the shared one unless a test class needs its own. */
    protected VireoServer startServer() {
        return VireoServer.get();
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    /** Opens a fresh page whose browser prefers the given language (an Accept-Language tag). */
    protected Page open(String locale) {
        closeContext();
        context = browser.newContext(
                new Browser.NewContextOptions().setLocale(locale).setViewportSize(1280, 800));
        context.setDefaultTimeout(15_000);
        page = context.newPage();
        return page;
    }

    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    /** Another tab of the same browser (the same session). */
    protected Page anotherPage() {
        return context.newPage();
    }

    protected void navigate(String path) {
        page.navigate(server.baseUrl + path);
        waitForVaadin();
    }

    /** Fills Vaadin's login form with the labels of the given language and submits it. */
    protected void login(String username, String password, String userLabel, String passwordLabel, String submit) {
        navigate("/login");
        page.getByLabel(userLabel, new Page.GetByLabelOptions().setExact(true)).fill(username);
        page.getByLabel(passwordLabel, new Page.GetByLabelOptions().setExact(true))
                .fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(submit))
                .click();
        // The form posts and the browser follows a redirect: to the signed-in page or to /login?error. Until that
        // has happened the login page is still there and looks idle; a test that navigates on at once races the
        // post (its session cookie may not be set yet). So wait until the signed-in layout (its sign-out button)
        // or the refusal shows, across the navigations in between (15 s at most; then go on as before).
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (page.url().contains("error")
                        || page.locator("#logout").count() > 0
                        || page.locator("#second-factor-view, #second-factor-enrol-view")
                                        .count()
                                > 0
                        || page.locator("vaadin-login-form[error]").count() > 0) {
                    break;
                }
            } catch (com.microsoft.playwright.PlaywrightException navigating) {
                // the page is being replaced: look again
            }
            page.waitForTimeout(100);
        }
        page.waitForLoadState();
        waitForVaadin();
    }

    protected void loginEnglish(String username, String password) {
        login(username, password, "Username", "Password", "Sign in");
    }

    /** The success notice in the corner (the card that shows the text; the notification element holds none). */
    protected com.microsoft.playwright.Locator successNotice() {
        return page.locator("vaadin-notification-card[theme~='success']").last();
    }

    /** Waits until Vaadin's client has no request in flight. */
    protected void waitForVaadin() {
        page.waitForFunction("() => window.Vaadin && window.Vaadin.Flow && window.Vaadin.Flow.clients"
                + " && Object.values(window.Vaadin.Flow.clients).every(c => !c.isActive())");
    }
}
