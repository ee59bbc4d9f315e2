/** Consoles in the browser: tickets for a machine's VNC or serial console, relayed by the proxy. */
@ApplicationModule(
        allowedDependencies = {"audit", "base", "consoleproxy", "hypervisor", "machines", "security", "templates"})
package org.vireo.console;

import org.springframework.modulith.ApplicationModule;
