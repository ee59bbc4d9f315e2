package org.vireo.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;
import org.vireo.support.Virsh;

/**
 * Generated hostile values in every field of every REST request body, in every path id, and as whole bodies: each
 * is a 400 (a 404 for ids in paths, a 415 for a wrong media type) with a problem document, never a 5xx or a stack
 * trace, and neither the database nor libvirt changes.
 */
@IntegrationTest
class HostileInputIT {
    /** Hostile strings for labels and names (all refused there). */
    static final List<String> STRINGS = List.of(
            "<domain type='kvm'><name>x</name></domain>",
            "]]><injected/>",
            "<![CDATA[x]]>",
            "&xxe;",
            "<!DOCTYPE d [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><d>&e;</d>",
            "../../../../etc/passwd",
            "/var/lib/vireo/../../etc/shadow",
            "..\\..\\windows",
            "a\u0000b",
            "\u0000",
            "x".repeat(65_536),
            "\u202Eexe.txt\u202C",
            "zero\u200Bwidth",
            "\uFEFFbom",
            "rtl\u200Fmark",
            "lone\uD800surrogate",
            "' OR '1'='1",
            "\"; DROP TABLE machine; --",
            "$(reboot)",
            "`id`",
            "name\r\nX-Injected: 1",
            "tab\tbed",
            "{{7*7}}${7*7}");
    /** Passwords may hold any printable character (they are only hashed), but not these. */
    static final List<String> PASSWORDS = List.of(
            "pass\u0000word-123",
            "x".repeat(65_536),
            "\u202Epassword-1234",
            "zero\u200Bwidth-pass",
            "line\nbreak-password",
            "lone\uD800surrogate-pw");
    /** Raw JSON values for numeric fields. */
    static final List<String> NUMBERS = List.of(
            "-1",
            "-2147483648",
            "2147483648",
            "99999999999999999999999",
            "1e308",
            "-1e308",
            "1.5",
            "\"8\"",
            "\"\"",
            "true",
            "[1]",
            "{}",
            "\"<x/>\"");
    /** Raw JSON values of the wrong type for string fields. */
    static final List<String> WRONG_TYPES_FOR_STRINGS =
            List.of("123", "1.5", "true", "[]", "[\"a\"]", "{}", "{\"$gt\":\"\"}");

    static final List<String> WRONG_FOR_BOOLEANS = List.of("\"true\"", "1", "0", "\"yes\"", "[]", "{}");
    static final List<String> PATH_IDS = List.of(
            "..%2F..%2Fetc%2Fpasswd",
            "%00",
            "1%20OR%201=1",
            "%3Cx%3E",
            "x".repeat(4_000),
            "-1",
            "99999999999999999999",
            "00000000-0000-0000-0000-00000000000g",
            UUID.randomUUID().toString());

    @Autowired
    MockMvc mvc;

    @Autowired
    ObjectMapper json;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DemoTenant demoTenant;

    enum Kind {
        NAME,
        TEXT,
        PASSWORD,
        NUMBER,
        BOOLEAN,
        UUID_STRING,
        ENUM
    }

    record Endpoint(HttpMethod method, String path, String token, String baseline, Map<String, Kind> fields) {}

    String token(String user, String password) throws Exception {
        var body = mvc.perform(post("/api/v1/tokens")
                        .with(httpBasic(user, password))
                        .with(r -> {
                            r.setRemoteAddr("127.0.3." + Math.abs(user.hashCode() % 200));
                            return r;
                        }))
                .andReturn()
                .getResponse()
                .getContentAsString();
        return json.readTree(body).get("token").asText();
    }

    @Test
    void everyFieldRefusesHostileValuesAndNothingChanges() throws Exception {
        String demo = token("demo", "test-demo-password");
        String admin = token("admin", "test-admin-password");
        var templates = json.readTree(mvc.perform(get("/api/v1/templates").header("Authorization", "Bearer " + demo))
                .andReturn()
                .getResponse()
                .getContentAsString());
        String template = templates.get(0).get("id").asText();
        String tenant = jdbc.queryForObject("select id from tenant where name = 'demo'", String.class);
        String host = jdbc.queryForObject("select id from host where name = 'local'", String.class);
        Path image = Files.createTempFile(
                Files.createDirectories(Path.of("/var/lib/vireo/templates/test-images")), "vireo-fuzz", ".qcow2");
        var stopped = demoTenant.create("fuzz-stopped", false);
        new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "1M")
                .start()
                .waitFor();

        var endpoints = List.of(
                new Endpoint(
                        HttpMethod.POST,
                        "/api/v1/machines",
                        demo,
                        "{\"name\":\"fuzz-ok\",\"templateId\":\"" + template
                                + "\",\"vcpus\":1,\"memoryMiB\":128,\"diskGiB\":1,\"start\":false}",
                        ordered(
                                "name",
                                Kind.NAME,
                                "templateId",
                                Kind.UUID_STRING,
                                "vcpus",
                                Kind.NUMBER,
                                "memoryMiB",
                                Kind.NUMBER,
                                "diskGiB",
                                Kind.NUMBER,
                                "start",
                                Kind.BOOLEAN,
                                "spread",
                                Kind.BOOLEAN)),
                new Endpoint(
                        HttpMethod.POST,
                        "/api/v1/machines/" + stopped.id() + "/resize",
                        demo,
                        "{\"vcpus\":1,\"memoryMiB\":128,\"diskGiB\":1}",
                        ordered("vcpus", Kind.NUMBER, "memoryMiB", Kind.NUMBER, "diskGiB", Kind.NUMBER)),
                new Endpoint(
                        HttpMethod.POST,
                        "/api/v1/machines/" + stopped.id() + "/snapshots",
                        demo,
                        "{\"name\":\"fuzz-snap\"}",
                        ordered("name", Kind.NAME)),
                new Endpoint(
                        HttpMethod.POST,
                        "/api/v1/tokens",
                        demo,
                        "{\"name\":\"fuzz\",\"expiresInDays\":1,\"scope\":\"read\"}",
                        ordered("name", Kind.TEXT, "expiresInDays", Kind.NUMBER, "scope", Kind.ENUM)),
                new Endpoint(
                        HttpMethod.POST,
                        "/api/v1/admin/tenants",
                        admin,
                        "{\"name\":\"fuzz-tenant\"}",
                        ordered("name", Kind.NAME)),
                new Endpoint(
                        HttpMethod.POST,
                        "/api/v1/admin/tenants/" + tenant + "/users",
                        admin,
                        "{\"username\":\"fuzz-user\",\"password\":\"fuzz-password-1\",\"role\":\"MEMBER\"}",
                        ordered("username", Kind.NAME, "password", Kind.PASSWORD, "role", Kind.ENUM)),
                new Endpoint(
                        HttpMethod.PUT,
                        "/api/v1/admin/tenants/" + tenant + "/quota",
                        admin,
                        "{\"vcpus\":4,\"memoryMiB\":4096,\"diskGiB\":50,\"machines\":5,\"snapshots\":3}",
                        ordered(
                                "vcpus",
                                Kind.NUMBER,
                                "memoryMiB",
                                Kind.NUMBER,
                                "diskGiB",
                                Kind.NUMBER,
                                "machines",
                                Kind.NUMBER,
                                "snapshots",
                                Kind.NUMBER)),
                new Endpoint(
                        HttpMethod.POST,
                        "/api/v1/admin/hosts",
                        admin,
                        "{\"name\":\"fuzz-host\",\"uri\":\"qemu+unix:///system?socket=/var/lib/vireo-none/sock\","
                                + "\"accelerator\":\"tcg\"}",
                        ordered(
                                "name",
                                Kind.NAME,
                                "uri",
                                Kind.TEXT,
                                "accelerator",
                                Kind.ENUM,
                                "consoleUrl",
                                Kind.TEXT)),
                new Endpoint(
                        HttpMethod.POST,
                        "/api/v1/admin/machines/" + stopped.id() + "/host",
                        admin,
                        "{\"hostId\":\"" + host + "\"}",
                        ordered("hostId", Kind.UUID_STRING)),
                new Endpoint(
                        HttpMethod.POST,
                        "/api/v1/admin/hosts/" + host + "/maintenance",
                        admin,
                        "{\"maintenance\":false}",
                        ordered("maintenance", Kind.BOOLEAN)),
                new Endpoint(
                        HttpMethod.POST,
                        "/api/v1/admin/templates",
                        admin,
                        "{\"name\":\"Fuzz image\",\"imagePath\":\"" + image + "\",\"vcpus\":1,\"memoryMiB\":128,"
                                + "\"diskGiB\":1,\"cloudInit\":false}",
                        ordered(
                                "name",
                                Kind.TEXT,
                                "imagePath",
                                Kind.TEXT,
                                "vcpus",
                                Kind.NUMBER,
                                "memoryMiB",
                                Kind.NUMBER,
                                "diskGiB",
                                Kind.NUMBER,
                                "cloudInit",
                                Kind.BOOLEAN)));

        String before = snapshot();
        int sent = 0;
        var failures = new ArrayList<String>();
        for (var e : endpoints) {
            for (var field : e.fields().entrySet()) {
                for (String raw : hostile(field.getValue())) {
                    var body = (ObjectNode) json.readTree(e.baseline());
                    body.set(field.getKey(), json.readTree(raw));
                    sent++;
                    check(
                            e,
                            escaping().writeValueAsString(body),
                            400,
                            field.getKey() + "=" + abbreviate(raw),
                            failures);
                }
            }
            // Whole bodies: duplicate keys, unknown fields, not JSON, too deep, empty, null, an array.
            var first = e.fields().keySet().iterator().next();
            String duplicate = e.baseline().replaceFirst("\\{", "{\"" + first + "\":\"dup\",");
            String unknown = e.baseline().replaceFirst("\\{", "{\"isAdmin\":true,");
            for (String body : List.of(
                    duplicate,
                    unknown,
                    "<xml/>",
                    "[".repeat(5_000) + "]".repeat(5_000),
                    "",
                    "null",
                    "[]",
                    "{",
                    "{\"a\":" + "1".repeat(100_000) + "}")) {
                if (e.path().endsWith("/tokens") && (body.isEmpty() || body.equals("null"))) {
                    continue; // the body of a token request is optional: no body issues a default token
                }
                sent++;
                check(e, body, 400, "body " + abbreviate(body), failures);
            }
            sent++;
            var wrongType = request(e, e.baseline()).contentType(MediaType.TEXT_XML);
            var status = mvc.perform(wrongType).andReturn().getResponse().getStatus();
            if (status != 415) {
                failures.add(e.path() + " text/xml -> " + status);
            }
        }
        // Ids in paths.
        for (String id : PATH_IDS) {
            for (var p : List.of(
                    new String[] {"GET", "/api/v1/machines/" + id},
                    new String[] {"POST", "/api/v1/machines/" + id + "/start"},
                    new String[] {"POST", "/api/v1/machines/" + id + "/shutdown"},
                    new String[] {"POST", "/api/v1/machines/" + id + "/poweroff"},
                    new String[] {"POST", "/api/v1/machines/" + id + "/reboot"},
                    new String[] {"POST", "/api/v1/machines/" + id + "/console"},
                    new String[] {"DELETE", "/api/v1/machines/" + id},
                    new String[] {"DELETE", "/api/v1/tokens/" + id})) {
                sent++;
                var r = MockMvcRequestBuilders.request(HttpMethod.valueOf(p[0]), URI.create(p[1]))
                        .header("Authorization", "Bearer " + demo);
                var response = mvc.perform(r).andReturn().getResponse();
                if (response.getStatus() != 404 && response.getStatus() != 400) {
                    failures.add(p[0] + " " + abbreviate(p[1]) + " -> " + response.getStatus());
                }
                assertNoTrace(response.getContentAsString(), p[1], failures);
            }
            for (var p : List.of("/api/v1/admin/tenants/" + id + "/users", "/api/v1/admin/tenants/" + id + "/quota")) {
                sent++;
                var r = MockMvcRequestBuilders.request(
                                p.endsWith("quota") ? HttpMethod.PUT : HttpMethod.POST, URI.create(p))
                        .header("Authorization", "Bearer " + admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(
                                p.endsWith("quota")
                                        ? "{\"vcpus\":1,\"memoryMiB\":1,\"diskGiB\":1,\"machines\":1}"
                                        : "{\"username\":\"fuzz-user\",\"password\":\"fuzz-password-1\","
                                                + "\"role\":\"MEMBER\"}");
                var response = mvc.perform(r).andReturn().getResponse();
                if (response.getStatus() != 404 && response.getStatus() != 400) {
                    failures.add(abbreviate(p) + " -> " + response.getStatus());
                }
            }
        }
        System.out.printf("hostile REST requests sent: %d, unexpected answers: %d%n", sent, failures.size());
        assertThat(failures).isEmpty();
        assertThat(snapshot()).as("database and libvirt unchanged").isEqualTo(before);
        Files.deleteIfExists(image);
        demoTenant.delete(stopped.id());
    }

    void check(Endpoint e, String body, int expected, String what, List<String> failures) throws Exception {
        var response = mvc.perform(request(e, body)).andReturn().getResponse();
        String text = response.getContentAsString();
        if (response.getStatus() != expected) {
            failures.add(
                    e.method() + " " + e.path() + " " + what + " -> " + response.getStatus() + " " + abbreviate(text));
        } else if (!text.contains("\"status\":" + expected)) {
            failures.add(e.path() + " " + what + ": no problem document");
        }
        assertNoTrace(text, e.path() + " " + what, failures);
    }

    static void assertNoTrace(String text, String what, List<String> failures) {
        if (text.contains("Exception")
                || text.contains("\tat ")
                || text.contains("at org.")
                || text.contains("java.")) {
            failures.add(what + ": stack trace or class names in the answer: " + abbreviate(text));
        }
    }

    MockHttpServletRequestBuilder request(Endpoint e, String body) {
        var b = e.method() == HttpMethod.PUT
                ? put(e.path())
                : e.method() == HttpMethod.DELETE ? delete(e.path()) : post(e.path());
        return b.header("Authorization", "Bearer " + e.token())
                .contentType(MediaType.APPLICATION_JSON)
                .content(body);
    }

    List<String> hostile(Kind kind) throws Exception {
        var result = new ArrayList<String>();
        switch (kind) {
            case NAME, TEXT, UUID_STRING, ENUM -> {
                for (String s : STRINGS) {
                    result.add(escaping().writeValueAsString(s));
                }
                result.addAll(WRONG_TYPES_FOR_STRINGS);
                if (kind == Kind.NAME) {
                    result.addAll(List.of(
                            "\"UPPER\"",
                            "\"-leading\"",
                            "\"a b\"",
                            "\"ａｂｃ\"",
                            "\"\"",
                            "\" \"",
                            json.writeValueAsString("a".repeat(64))));
                }
            }
            case PASSWORD -> {
                for (String s : PASSWORDS) {
                    result.add(escaping().writeValueAsString(s));
                }
                result.addAll(WRONG_TYPES_FOR_STRINGS);
                result.addAll(List.of("\"short\"", "\"\""));
            }
            case NUMBER -> result.addAll(NUMBERS);
            case BOOLEAN -> result.addAll(WRONG_FOR_BOOLEANS);
        }
        return result;
    }

    /** Writes non-ASCII as \\u escapes, so that a lone surrogate reaches the server as such (not as "?"). */
    ObjectMapper escaping() {
        return json.copy().configure(JsonGenerator.Feature.ESCAPE_NON_ASCII, true);
    }

    /** Everything a refused request could have changed: the rows of every table but the audit log, and libvirt. */
    String snapshot() throws Exception {
        var sb = new StringBuilder();
        for (String table : List.of(
                "tenant",
                "user_account",
                "template",
                "machine",
                "api_token",
                "tenant_quota",
                "user_ssh_key",
                "machine_snapshot",
                "host")) {
            sb.append(table)
                    .append(jdbc.queryForList("select * from " + table + " order by 1")
                            .toString()
                            .replaceAll("(?i)last_used_at=[^,}]*", ""))
                    .append('\n');
        }
        sb.append(Virsh.run("list", "--all", "--name"))
                .append(Virsh.run("vol-list", "vireo"))
                .append(Virsh.run("net-list", "--all", "--name"));
        return sb.toString();
    }

    static Map<String, Kind> ordered(Object... pairs) {
        var m = new LinkedHashMap<String, Kind>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Kind) pairs[i + 1]);
        }
        return m;
    }

    static String abbreviate(String s) {
        String flat = s.replaceAll("\\p{C}", "?");
        return flat.length() > 80 ? flat.substring(0, 80) + "…(" + s.length() + ")" : flat;
    }
}
