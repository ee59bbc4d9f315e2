package org.vireo.console;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vireo.base.ConsoleOrigins;

/** The portal's console proxy (on its real port) and the standalone proxies next to hosts, for the CSP. */
@Component
class BrowserConsoleOrigins implements ConsoleOrigins {
    private final EmbeddedConsoleProxy proxy;
    private final List<String> standalone;

    BrowserConsoleOrigins(EmbeddedConsoleProxy proxy, @Value("${vireo.console.proxies}") List<String> proxies) {
        this.proxy = proxy;
        this.standalone = proxies.stream().map(String::strip).filter(p -> !p.isEmpty()).map(ConsoleOrigins::of)
                .toList();
    }

    @Override
    public List<String> origins() {
        var all = new ArrayList<String>();
        all.add(ConsoleOrigins.of(proxy.browserUrl()));
        all.addAll(standalone);
        return all;
    }
}
