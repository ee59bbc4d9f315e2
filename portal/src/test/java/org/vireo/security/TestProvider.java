package org.vireo.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * navikt's mock-oauth2-server on loopback as the portal's OpenID Connect provider, and a browser's way through the
 * authorization-code flow (redirects followed by hand).
 */
final class TestProvider {
    static final String ISSUER_ID = "vireo-idp";
    static final String CLIENT_ID = "vireo-portal";

    private final MockOAuth2Server server = new MockOAuth2Server();
    private final int port = freePort();

    String issuer() {
        return "http://127.0.0.1:" + port + "/" + ISSUER_ID;
    }

    void start() {
        try {
            server.start(InetAddress.getByName("127.0.0.1"), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stop() {
        server.shutdown();
    }

    void register(DynamicPropertyRegistry registry, boolean createUsers) {
        registry.add("vireo.oidc.issuer", this::issuer);
        registry.add("vireo.oidc.client-id", () -> CLIENT_ID);
        registry.add("vireo.oidc.client-secret", () -> "test-client-secret");
        registry.add("vireo.oidc.name", () -> "Test IdP");
        registry.add("vireo.oidc.create-users", () -> String.valueOf(createUsers));
    }

    static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static String location(HttpResponse<?> response) {
        assertThat(response.statusCode()).as("redirect from " + response.uri()).isEqualTo(302);
        return response.headers().firstValue("Location").orElseThrow();
    }

    /**
     * Signs {@code subject} in at the provider with these claims, from the portal's button to its callback; returns
     * the callback's answer (a redirect into the app or back to the login page).
     */
    HttpResponse<String> signIn(HttpClient http, String portal, String subject, Map<String, Object> claims)
            throws Exception {
        server.enqueueCallback(
                new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of(CLIENT_ID), claims, 3600));
        String authorize = location(get(http, portal + "/" + SingleSignOn.START_PATH));
        assertThat(authorize).startsWith(issuer() + "/authorize");
        String callback = location(get(http, authorize));
        assertThat(callback).startsWith(portal + "/login/oauth2/code/vireo?");
        return get(http, callback);
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
