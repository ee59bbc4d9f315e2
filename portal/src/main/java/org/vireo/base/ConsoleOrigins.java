package org.vireo.base;

import java.net.URI;
import java.util.List;

/**
 * The WebSocket origins ({@code ws://host:port}, {@code wss://host}) browsers may open consoles at: the portal's
 * own console proxy and the standalone proxies next to hosts. The content security policy allows these and no
 * others.
 */
public interface ConsoleOrigins {
    List<String> origins();

    /** The origin of an absolute {@code ws(s)://} URL. */
    static String of(String url) {
        var uri = URI.create(url.strip());
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("not an absolute ws(s) URL: " + url);
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }
}
