package org.vireo.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import org.vireo.base.InvalidInputException;
import org.vireo.base.PublicAddresses;

/**
 * Where webhooks may go: http(s) URLs whose host resolves to {@link PublicAddresses public} addresses only, unless
 * the operator allows the others ({@code VIREO_WEBHOOKS_ALLOW_PRIVATE}). Checked when a webhook is registered and
 * again by the DNS resolver of every delivery, whose connection goes to exactly the addresses checked (a second DNS
 * answer cannot point it inside: rebinding).
 */
final class WebhookAddresses {
    static final int MAX_URL = 2000;

    private final boolean allowPrivate;

    WebhookAddresses(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** The URL, stripped, if it is one webhooks may be sent to; else {@link InvalidInputException} on "url". */
    String check(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidInputException("url", "validation.required");
        }
        url = url.strip();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidInputException("url", "webhooks.url-invalid");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (url.length() > MAX_URL
                || !(scheme.equals("http") || scheme.equals("https"))
                || uri.getHost() == null
                || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null) {
            throw new InvalidInputException("url", "webhooks.url-invalid");
        }
        try {
            resolve(uri.getHost());
        } catch (Refused e) {
            throw new InvalidInputException("url", "webhooks.url-refused", e.address.getHostAddress());
        } catch (UnknownHostException e) {
            throw new InvalidInputException("url", "webhooks.url-unresolvable", uri.getHost());
        }
        return url;
    }

    /** The host's addresses when every one may be reached; else {@link Refused}. */
    InetAddress[] resolve(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] all = InetAddress.getAllByName(bare);
        if (!allowPrivate) {
            for (InetAddress a : all) {
                if (!PublicAddresses.isPublic(a)) {
                    throw new Refused(host, a);
                }
            }
        }
        return all;
    }

    /** A host that resolves to an address webhooks may not reach. */
    static final class Refused extends UnknownHostException {
        final transient InetAddress address;

        Refused(String host, InetAddress address) {
            super(host + " resolves to " + address.getHostAddress()
                    + ", which is not public (VIREO_WEBHOOKS_ALLOW_PRIVATE admits it)");
            this.address = address;
        }
    }
}
