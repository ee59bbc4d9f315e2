package org.vireo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The npm packages the build fetched (noVNC) are served as ES modules that Chromium can import. */
class BrowserModulesTest extends BrowserTest {

    @Test
    void noVncRfbModuleLoadsFromThePortal() {
        open("en-US");
        loginEnglish("demo", VireoServer.DEMO_PASSWORD);
        Object type = page.evaluate("async () => typeof (await import('/novnc/core/rfb.js')).default");
        assertEquals("function", type);
    }
}
