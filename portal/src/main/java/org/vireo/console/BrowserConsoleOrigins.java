package org.vireo.console;

import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.vireo.base.ConsoleOrigins;

/** The portal's console proxy (on its real port) and the standalone proxies next to hosts, for the CSP. */
@Component
class BrowserConsoleOrigins implements ConsoleOrigins {
    private final EmbeddedConsoleProxy proxy;
    private final List<String> standalone;

    BrowserConsoleOrigins(EmbeddedConsoleProxy proxy, ConsoleSettings settings) {
        this.proxy = proxy;
        this.standalone = settings.proxies().stream().map(ConsoleOrigins::of).toList();
    }

    @Override
    public List<String> origins() {
        var all = new ArrayList<String>();
        all.add(ConsoleOrigins.of(proxy.browserUrl()));
        all.addAll(standalone);
        return all;
    }
}
