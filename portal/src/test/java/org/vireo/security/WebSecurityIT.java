package org.vireo.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The portal's HTTP surface on a real Tomcat: security headers (CSP that Vaadin works with, no framing, referrer
 * policy, nosniff, HSTS and Secure cookies behind a TLS proxy), a new session id at sign-in, a dead session after
 * sign-out, and no cookie authentication on the REST API.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "vireo.security.trusted-proxies=127.0.0.1,::1") // this test stands in for the TLS proxy
@ActiveProfiles("test")
class WebSecurityIT {
    private static final Pattern CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    String base() {
        return "http://localhost:" + port;
    }

    HttpResponse<String> get(HttpClient http, String path, String... headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(base() + path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpClient client() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    @Test
    void pagesCarryTheSecurityHeaders() throws Exception {
        var page = get(client(), "/login");
        assertThat(page.statusCode()).isEqualTo(200);
        var h = page.headers();
        assertThat(h.firstValue("Content-Security-Policy").orElseThrow())
                .contains(
                        "default-src 'self'",
                        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
                        "frame-ancestors 'none'",
                        "object-src 'none'",
                        "form-action 'self'")
                .doesNotContain("*", " https:", " http:")
                // the embedded console proxy on the port it really listens on, nothing else
                .containsPattern("connect-src 'self' ws://localhost:[1-9][0-9]*;");
        assertThat(h.firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(h.firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(h.firstValue("Referrer-Policy")).hasValue("strict-origin-when-cross-origin");
        assertThat(h.firstValue("Permissions-Policy").orElseThrow()).contains("camera=()");
        // Plain HTTP: no HSTS (it would lock browsers out of a host without TLS), no Secure cookie.
        assertThat(h.firstValue("Strict-Transport-Security")).isEmpty();
        String cookie = h.firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie)
                .startsWith("JSESSIONID=")
                .contains("HttpOnly", "SameSite=Lax")
                .doesNotContain("Secure");

        var api = get(client(), "/api/v1/templates");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("Content-Security-Policy"))
                .hasValue("default-src 'none'; frame-ancestors 'none'");
        assertThat(api.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void behindATlsProxyResponsesGetHstsAndTheCookieIsSecure() throws Exception {
        var page = get(client(), "/login", "X-Forwarded-Proto", "https");
        assertThat(page.headers().firstValue("Strict-Transport-Security").orElseThrow())
                .contains("max-age=31536000", "includeSubDomains");
        assertThat(page.headers().firstValue("Set-Cookie").orElseThrow())
                .contains("Secure", "HttpOnly", "SameSite=Lax");
    }

    @Test
    void signInChangesTheSessionIdAndSignOutEndsTheSession() throws Exception {
        var http = client();
        var login = get(http, "/login");
        String before = sessionId(http);
        var m = CSRF.matcher(login.body());
        assertThat(m.find()).as("CSRF token in the login page").isTrue();
        String form = "username=demo&password=test-demo-password&_csrf="
                + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
        var signedIn = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Origin", base())
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        String after = sessionId(http);
        assertThat(after).as("session fixation: a new id at sign-in").isNotEqualTo(before);

        // The old id is worth nothing; the new one opens the app.
        assertThat(get(client(), "/machines", "Cookie", "JSESSIONID=" + before).statusCode())
                .isNotEqualTo(200)
                .satisfiesAnyOf(
                        s -> assertThat(s).isEqualTo(302), s -> assertThat(s).isEqualTo(401));
        var app = get(client(), "/machines", "Cookie", "JSESSIONID=" + after);
        assertThat(app.statusCode()).isEqualTo(200);

        // The REST API does not take the session cookie.
        assertThat(get(client(), "/api/v1/machines", "Cookie", "JSESSIONID=" + after)
                        .statusCode())
                .isEqualTo(401);

        // Sign-out (the form Vaadin's logout posts) ends the session on the server.
        var csrf = CSRF.matcher(app.body());
        assertThat(csrf.find()).isTrue();
        var out = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/logout"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Origin", base())
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(get(client(), "/machines", "Cookie", "JSESSIONID=" + after).statusCode())
                .isNotEqualTo(200);
    }

    static String sessionId(HttpClient http) {
        return ((CookieManager) http.cookieHandler().orElseThrow())
                .getCookieStore().getCookies().stream()
                        .filter(c -> c.getName().equals("JSESSIONID"))
                        .findFirst()
                        .orElseThrow()
                        .getValue();
    }
}
