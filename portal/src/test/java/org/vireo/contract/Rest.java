package org.vireo.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A REST client of the portal jar for the contract test: each call names the endpoint as README's table does
 * ({@code GET /api/v1/machines/{id}}) and the path values separately, so the test knows which rows it exercised.
 */
final class Rest {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    /** {@code METHOD /path/{template}} of every call made. */
    final Set<String> exercised = ConcurrentHashMap.newKeySet();

    Rest(String base) {
        this.base = base;
    }

    /** A response: status, headers and the body as JSON (null when empty or not JSON). */
    record Answer(int status, HttpHeaders headers, String text, JsonNode json) {
        /** The problem type's slug ({@code https://vireo.org/problems/<slug>}). */
        String problem() {
            assertThat(headers.firstValue("Content-Type").orElse("")).as(text).startsWith("application/problem+json");
            String type = json.path("type").asText();
            assertThat(type).startsWith("https://vireo.org/problems/");
            assertThat(json.has("title")
                            && json.has("detail")
                            && json.path("status").asInt() == status)
                    .as(text)
                    .isTrue();
            return type.substring(type.lastIndexOf('/') + 1);
        }

        Answer expect(int expected) {
            assertThat(status).as(text).isEqualTo(expected);
            return this;
        }

        /** Expects this status and problem type. */
        Answer problem(int expected, String type) {
            expect(expected);
            assertThat(problem()).as(text).isEqualTo(type);
            return this;
        }

        /** Expects an object (or each object of an array) to have exactly these fields among others allowed. */
        Answer fields(String... names) {
            for (JsonNode node : json.isArray() ? json : List.of(json)) {
                for (String n : names) {
                    assertThat(node.has(n)).as("field " + n + " in " + node).isTrue();
                }
            }
            return this;
        }

        String field(String name) {
            assertThat(json.has(name)).as(name + " in " + text).isTrue();
            return json.get(name).asText();
        }
    }

    /** {@code endpoint} as in README ({@code POST /api/v1/machines/{id}/start}); {@code {…}} filled in order. */
    Answer call(String endpoint, String token, Object body, Object... pathValues) {
        return send(endpoint, "Bearer " + token, body, new String[0], pathValues);
    }

    Answer callWithHeaders(String endpoint, String authorization, Object body, String[] headers, Object... values) {
        return send(endpoint, authorization, body, headers, values);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A raw request to a path that is not one of the table's (unknown paths, health, OpenAPI). */
    Answer raw(String method, String pathAndQuery, String authorization) {
        return send(method + " " + pathAndQuery, authorization, null, new String[0]);
    }

    private Answer send(String endpoint, String authorization, Object body, String[] headers, Object... values) {
        int space = endpoint.indexOf(' ');
        String method = endpoint.substring(0, space);
        String template = endpoint.substring(space + 1);
        String path = template;
        for (Object v : values) {
            int open = path.indexOf('{');
            int close = path.indexOf('}', open);
            path = path.substring(0, open) + v + path.substring(close + 1);
        }
        String query = "";
        if (template.contains("?")) {
            template = template.substring(0, template.indexOf('?'));
        }
        exercised.add(method + " " + template);
        try {
            byte[] bytes = body instanceof byte[] raw ? raw : null;
            String payload =
                    body == null || bytes != null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            var b = HttpRequest.newBuilder(URI.create(base + path + query))
                    .timeout(Duration.ofSeconds(120))
                    .header("Accept-Language", "en")
                    .method(
                            method,
                            bytes != null
                                    ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                                    : payload == null
                                            ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofString(payload));
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            if (payload != null) {
                b.header("Content-Type", "application/json");
            }
            if (bytes != null) {
                b.header("Content-Type", "application/octet-stream");
            }
            for (int i = 0; i < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            var r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (!r.body().isEmpty()
                    && r.headers().firstValue("Content-Type").orElse("").contains("json")) {
                json = JSON.readTree(r.body());
            }
            return new Answer(r.statusCode(), r.headers(), r.body(), json);
        } catch (IOException e) {
            throw new IllegalStateException(endpoint + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
