package org.vireo.base;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.PWA;
import com.vaadin.flow.theme.Theme;

/** Application shell: the CSS-only theme in frontend/themes/vireo and server push for live machine state. */
@Push
@Theme("vireo")
@PWA(
        name = "Vireo",
        shortName = "Vireo",
        offlineResources = {})
public class VireoAppShell implements AppShellConfigurator {}
