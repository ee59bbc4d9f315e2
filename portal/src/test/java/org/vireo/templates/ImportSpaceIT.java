package org.vireo.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.vireo.support.BearerCalls;
import org.vireo.support.IntegrationTest;

/**
 * Imports share a file system with the machines' disks: with a reserve larger than what is free
 * ({@code VIREO_IMPORT_RESERVE_GIB}), an upload is refused before it writes, says so, and leaves no file.
 */
@IntegrationTest
@TestPropertySource(properties = "vireo.templates.import.reserve-gib=100000000")
class ImportSpaceIT {
    @Autowired
    MockMvc mvc;

    @Value("${vireo.home}")
    Path home;

    @Test
    void anImportThatWouldEatIntoTheReserveIsRefusedAndLeavesNothing() throws Exception {
        var rest = new BearerCalls(mvc);
        var created = rest.call(
                rest.admin(post("/api/v1/admin/templates"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(BearerCalls.JSON.writeValueAsString(Map.of(
                                "name", "Space " + UUID.randomUUID().toString().substring(0, 6), "memoryMiB", 128))),
                202);
        String id = created.get("id").asText();
        byte[] raw = new byte[1 << 20];
        var refused = rest.call(
                rest.admin(put("/api/v1/admin/templates/" + id + "/image"))
                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .content(raw),
                400);
        assertThat(refused.get("detail").asText()).contains("not enough free space");
        assertThat(rest.call(rest.admin(get("/api/v1/templates/" + id)), 200)
                        .get("status")
                        .asText())
                .isEqualTo("FAILED");
        Path imports = Files.createDirectories(home.resolve("templates/imports"));
        assertThat(imports)
                .isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(id));
        rest.call(rest.admin(delete("/api/v1/admin/templates/" + id)), 204);
    }
}
