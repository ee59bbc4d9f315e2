package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.UUID;
import org.vireo.support.BearerCalls;
import org.vireo.support.DemoTenant;
import org.vireo.support.Poll;
import org.vireo.support.SerialShell;

/** What the backup tests do to a demo guest and through the API: write to its disk, take a backup to its end. */
final class BackupSteps {
    private BackupSteps() {}

    /** Writes {@code mib} MiB of {@code value} at {@code offsetMiB} of the guest's disk, from inside the guest. */
    static void write(SerialShell shell, int value, int offsetMiB, int mib) throws Exception {
        String mark = "W" + Integer.toHexString(value) + "-" + offsetMiB;
        assertThat(shell.run(
                        String.format(
                                "dd if=/dev/zero bs=64k count=%d 2>/dev/null | tr '\\000' '\\%03o' | dd of=/dev/vda"
                                        + " bs=64k seek=%d conv=fsync 2>/dev/null; echo %s-$((1+1))",
                                mib * 16, value, offsetMiB * 16, mark),
                        mark + "-2",
                        60 * ((mib + 15) / 16)))
                .as(shell.tail())
                .isTrue();
    }

    /**
     * Takes a backup of the machine of {@code base} ({@code /api/v1/machines/{id}/backups}) as the demo user and
     * waits for it to end, done or failed, and for the machine to be free again (its detail cleared last).
     */
    static JsonNode finished(BearerCalls rest, DemoTenant demo, String base) throws Exception {
        var begun = rest.call(rest.demo(post(base)), 202);
        assertThat(begun.get("state").asText()).isEqualTo("running");
        String path = base + "/" + begun.get("id").asText();
        JsonNode[] now = {begun};
        Poll.until("backup ended", Duration.ofSeconds(120), () -> {
            now[0] = rest.call(rest.demo(get(path)), 200);
            return !now[0].get("state").asText().equals("running");
        });
        UUID machine = UUID.fromString(base.split("/")[4]);
        Poll.until(
                "machine free", Duration.ofSeconds(10), () -> demo.get(machine).stateDetail() == null);
        return now[0];
    }
}
