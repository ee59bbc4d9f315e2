package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.assertions.LocatorAssertions;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The usage graphs of a running demo machine are drawn and move while the detail view stays open (the test
 * portal samples every 2 s; new samples are pushed, the page is not reloaded), and its traffic is booked.
 */
class UsageGraphTest extends BrowserTest {

    @Test
    void graphsOfARunningMachineAreVisibleAndUpdate() throws Exception {
        var demo = new Api(server.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
        String name = "graph-" + UUID.randomUUID().toString().substring(0, 6);
        String machine = demo.createDemoMachine(name, true);
        try {
            open("en-US");
            loginEnglish("demo", VireoServer.DEMO_PASSWORD);
            navigate("/machines/" + machine);
            var cpu = page.locator("#usage-cpu svg");
            assertThat(cpu).isVisible();
            var slow = new LocatorAssertions.HasAttributeOptions().setTimeout(30_000);
            assertThat(cpu).hasAttribute("data-samples", Pattern.compile("[1-9][0-9]*"), slow);
            int first = Integer.parseInt(cpu.getAttribute("data-samples"));
            String firstLast = cpu.getAttribute("data-last");
            // Without any reload: more samples arrive and the line gets longer.
            assertThat(cpu).not().hasAttribute("data-last", firstLast, slow);
            assertThat(Integer.parseInt(cpu.getAttribute("data-samples"))).isGreaterThan(first);
            assertThat(page.locator("#usage-cpu polyline")
                            .first()
                            .getAttribute("points")
                            .split(" ")
                            .length)
                    .isGreaterThan(first);
            assertThat(page.locator("#usage-memory svg")).isVisible();
            assertThat(page.locator("#usage-disk svg")).isVisible();
            assertThat(page.locator("#usage-net svg")).isVisible();
            assertThat(page.locator("#usage-memory-latest-0")).containsText("MiB");
            // A booting TCG guest uses CPU: some sample is above 0 %.
            assertThat(demo.get("/api/v1/machines/" + machine + "/usage"))
                    .containsPattern("\"cpuPercent\":(?!0\\.0[,}])[0-9]");

            page.locator("#usage-window").getByText("Last day").click();
            assertThat(page.locator("#usage-cpu svg")).isVisible();

            // Traffic (issue 35): the guest's DHCP discovers on its private interface are booked for this month.
            var traffic = page.locator("#traffic-month-private");
            assertThat(traffic).containsText("Private network (free)");
            long deadline = System.currentTimeMillis() + 30_000;
            while (traffic.textContent().contains(" 0 B out") && System.currentTimeMillis() < deadline) {
                Thread.sleep(2000);
                navigate("/machines/" + machine);
            }
            assertThat(traffic).not().containsText(" 0 B out");
            assertThat(page.locator("#traffic-month-public")).containsText("0 B in, 0 B out");
            assertThat(page.locator("#traffic-daily")).isVisible();
            assertThat(page.locator("#traffic-months"))
                    .containsText(YearMonth.now(ZoneOffset.UTC).toString());
            assertThat(demo.get("/api/v1/machines/" + machine + "/traffic")).contains("\"private\":{\"rxBytes\"");
            var machineCsv = page.waitForDownload(
                    () -> page.locator("#traffic-machine-csv").click());
            assertThat(java.nio.file.Files.readString(machineCsv.path()))
                    .startsWith("day,publicRxBytes,publicTxBytes,privateRxBytes,privateTxBytes\r\n")
                    .contains(java.time.LocalDate.now(ZoneOffset.UTC) + ",0,0,");
            navigate("/");
            assertThat(page.locator("#dash-traffic")).containsText("Private network (free)");
            assertThat(page.locator("#dash-traffic")).not().containsText("(free): 0 B in, 0 B out");

            // Operators: every tenant's month, split by host.
            open("en-US");
            loginEnglish("admin", VireoServer.ADMIN_PASSWORD);
            navigate("/admin/traffic");
            assertThat(page.locator("#traffic-tenants")).isVisible();
            assertThat(page.locator("#traffic-none")).isHidden();
            assertThat(page.locator("#traffic-tenants")).containsText(" in, ");
            var csv = page.waitForDownload(() -> page.locator("#traffic-csv").click());
            assertThat(java.nio.file.Files.readString(csv.path()))
                    .startsWith("month,tenant,host,publicRxBytes,publicTxBytes,privateRxBytes,privateTxBytes\r\n")
                    .contains(YearMonth.now(ZoneOffset.UTC) + ",\"");
        } finally {
            demo.delete("/api/v1/machines/" + machine);
        }
    }
}
