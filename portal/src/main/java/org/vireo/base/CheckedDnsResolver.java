package org.vireo.base;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;

/**
 * An HTTP client's DNS resolver that answers with the addresses a check let through (the check throws for a host it
 * refuses): the connection goes to exactly those, so a second DNS answer (rebinding) cannot change where it goes.
 */
public final class CheckedDnsResolver implements DnsResolver {
    /** Resolves a host and checks its addresses. */
    public interface Check {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Check check;

    public CheckedDnsResolver(Check check) {
        this.check = check;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return check.resolve(host);
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }
}
