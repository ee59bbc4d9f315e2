package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.assertions.LocatorAssertions;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The usage graphs of a running demo machine are drawn and move while the detail view stays open (the test
 * portal samples every 2 s; new samples are pushed, the page is not reloaded).
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
            assertThat(page.locator("#usage-cpu polyline").first().getAttribute("points").split(" ").length)
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
        } finally {
            demo.delete("/api/v1/machines/" + machine);
        }
    }
}
