package org.vireo.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/** A tiny REST client for setting up test data through the portal's public API. */
final class Api {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;
    private final String username;

    Api(String base, String user, String password) {
        this.base = base;
        this.username = user;
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.token = field(
                send(
                        HttpRequest.newBuilder(URI.create(base + "/api/v1/tokens"))
                                .header("Authorization", "Basic " + basic)
                                .POST(HttpRequest.BodyPublishers.noBody()),
                        201),
                "token");
    }

    String username() {
        return username;
    }

    /** The bearer token this client signed in with. */
    String token() {
        return token;
    }

    String post(String path, String json, int expected) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)),
                expected);
    }

    /** A small machine (1 vCPU, 128 MiB, 1 GiB) from the demo template; returns its id. */
    String createDemoMachine(String name, boolean start) {
        return field(
                post(
                        "/api/v1/machines",
                        "{\"name\":\"" + name + "\",\"templateId\":\""
                                + PortalCrashTest.templateId(this)
                                + "\",\"vcpus\":1,\"memoryMiB\":128,\"diskGiB\":1,\"start\":"
                                + start + "}",
                        201),
                "id");
    }

    String put(String path, String json) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(json)),
                200);
    }

    String get(String path) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + token)
                        .GET(),
                200);
    }

    String delete(String path) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + token)
                        .DELETE(),
                202);
    }

    /** The status code of a call without a body (a DELETE and the like), whatever it is. */
    int call(String method, String path) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(base + path))
                                    .header("Authorization", "Bearer " + token)
                                    .method(method, HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String field(String json, String name) {
        var m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    private String send(HttpRequest.Builder request, int expected) {
        try {
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
