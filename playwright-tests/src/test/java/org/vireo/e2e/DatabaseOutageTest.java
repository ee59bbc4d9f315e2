package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The portal on PostgreSQL loses its database for a while: the UI and the API say so (no internal error, no stack
 * trace), the login page explains why sign-in fails, and everything works again once the database is back,
 * without restarting the portal.
 */
class DatabaseOutageTest extends BrowserTest {
    /** A call during the outage waits for the pool's 5 s connection timeout before it fails. */
    private static final LocatorAssertions.ContainsTextOptions SLOW =
            new LocatorAssertions.ContainsTextOptions().setTimeout(20_000);

    private Postgres postgres;

    @Override
    protected VireoServer startServer() {
        try {
            postgres = Postgres.start();
            return VireoServer.start(
                    "db-outage",
                    Files.createTempDirectory("vireo-db-outage"),
                    Map.of("SPRING_PROFILES_ACTIVE", "postgres", "VIREO_DB_URL", postgres.jdbcUrl()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stopServerAndDatabase() throws Exception {
        if (server != null) {
            server.kill();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void outageIsExplainedAndRecoveredWithoutRestart() throws Exception {
        var api = new Api(server.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
        String token = api.token();
        open("en-US");
        loginEnglish("demo", VireoServer.DEMO_PASSWORD);
        navigate("/machines");
        assertThat(page.locator("#machines-grid")).isVisible();

        postgres.kill();

        // A click whose service call needs the database: a notification, the view stays usable.
        page.locator("#create-machine").click();
        assertThat(page.locator("vaadin-notification-card")).containsText("The database cannot be reached", SLOW);

        // Opening a view: the error view says what is wrong and offers a retry.
        navigate("/machines");
        assertThat(page.locator("#error-view")).containsText("Database unavailable", SLOW);
        assertThat(page.locator("body")).not().containsText("Exception");

        // The API: 503 with a problem document and Retry-After, not a 500.
        var response = get(token, "/api/v1/machines");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.body()).contains("database-unavailable").doesNotContain("Exception");

        // Signing in meanwhile: told why (not "wrong password").
        try (var other = page.context().browser().newContext(new Browser.NewContextOptions().setLocale("en-US"))) {
            var login = other.newPage();
            login.navigate(server.baseUrl + "/login");
            login.getByLabel("Username", new Page.GetByLabelOptions().setExact(true))
                    .fill("demo");
            login.getByLabel("Password", new Page.GetByLabelOptions().setExact(true))
                    .fill(VireoServer.DEMO_PASSWORD);
            login.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                    .click();
            assertThat(login.locator("vaadin-login-form")).containsText("Sign-in not possible right now", SLOW);
        }

        // The database is back: the pool reconnects by itself (within its 5 s connection timeout and back-off),
        // no restart of the portal.
        postgres.resume();
        long back = System.nanoTime();
        int status = 0;
        while (System.nanoTime() - back < 30_000_000_000L
                && (status = get(token, "/api/v1/machines").statusCode()) != 200) {
            Thread.sleep(500);
        }
        assertThat(status).isEqualTo(200);
        System.out.printf(
                "API answered again %d ms after the database was back%n", (System.nanoTime() - back) / 1_000_000);
        page.locator("#error-retry").click();
        page.waitForLoadState();
        waitForVaadin();
        assertThat(page.locator("#machines-grid"))
                .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(20_000));
        new Api(server.baseUrl, "demo", VireoServer.DEMO_PASSWORD); // signing in works again
    }

    private HttpResponse<String> get(String token, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl + path))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
