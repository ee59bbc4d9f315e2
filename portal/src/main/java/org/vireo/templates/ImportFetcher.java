package org.vireo.templates;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.util.Timeout;
import org.vireo.base.CheckedDnsResolver;

/**
 * Opens an import's URL without letting it reach inside: redirects are followed by hand (at most
 * {@value #MAX_REDIRECTS}, http and https only), and every host of every hop is resolved once by
 * {@link ImportAddresses}, which refuses addresses imports may not reach; the connection goes to exactly the
 * addresses that were checked, so a second DNS answer (rebinding) cannot change where it goes.
 */
final class ImportFetcher implements Closeable {
    static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final CloseableHttpClient client;

    ImportFetcher(ImportAddresses addresses) {
        this.client = HttpClients.custom()
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setUserAgent("Vireo image import")
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new CheckedDnsResolver(addresses::resolve))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(10))
                                .setSocketTimeout(Timeout.ofSeconds(60))
                                .build())
                        .build())
                .build();
    }

    /**
     * An answer with status 200: its body and announced length (-1: unknown). Close it; closing the body (from any
     * thread) drops the connection at once, whatever is left unread: the client would otherwise read a trickling
     * server's rest to the end first.
     */
    record Download(InputStream body, long length) implements Closeable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /** Why a URL gave no image; {@code detail} is for the operators' log only. */
    static final class Failed extends IOException {
        final String reason;

        Failed(String reason, String detail) {
            super(detail);
            this.reason = reason;
        }
    }

    Download open(String url) throws IOException {
        URI uri = URI.create(url);
        for (int hop = 0; ; hop++) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new Failed("templates.import-redirect-refused", "redirected to " + uri);
            }
            ClassicHttpResponse response;
            var request = new HttpGet(uri);
            try {
                response = client.executeOpen(null, request, null);
            } catch (ImportAddresses.Refused e) {
                throw new Failed("templates.import-address-refused", e.getMessage());
            }
            int status = response.getCode();
            if (status == 200 && response.getEntity() != null) {
                var entity = response.getEntity();
                InputStream body = entity.getContent();
                return new Download(
                        new FilterInputStream(body) {
                            @Override
                            public void close() throws IOException {
                                request.cancel(); // the connection goes, unread rest and all
                                try {
                                    super.close();
                                } catch (IOException e) {
                                    // the connection is gone already
                                } finally {
                                    response.close();
                                }
                            }
                        },
                        entity.getContentLength());
            }
            Header location = response.getFirstHeader("Location");
            response.close();
            if (!REDIRECTS.contains(status) || location == null) {
                throw new Failed("templates.import-download-failed", uri + " answered HTTP " + status);
            }
            if (hop == MAX_REDIRECTS) {
                throw new Failed(
                        "templates.import-redirects",
                        "more than " + MAX_REDIRECTS + " redirects, last to " + location.getValue());
            }
            try {
                uri = uri.resolve(location.getValue().strip());
            } catch (IllegalArgumentException e) {
                throw new Failed("templates.import-redirect-refused", "bad Location " + location.getValue());
            }
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
