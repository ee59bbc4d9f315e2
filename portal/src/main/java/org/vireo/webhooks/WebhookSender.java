package org.vireo.webhooks;

import com.standardwebhooks.Webhook;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.vireo.base.CheckedDnsResolver;

/**
 * One attempt of one delivery: POSTs the payload with the Standard Webhooks headers ({@code webhook-id},
 * {@code webhook-timestamp}, {@code webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>}, signed by the
 * specification's reference library). No redirects, no retries of its own (the dispatcher retries), short timeouts,
 * and at most {@value #KEPT} bytes of the answer read.
 */
final class WebhookSender implements Closeable {
    static final int KEPT = 200;

    private final CloseableHttpClient client;

    WebhookSender(WebhookAddresses addresses, WebhookSettings settings) {
        this.client = HttpClients.custom()
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableContentCompression()
                .setUserAgent("Vireo webhooks")
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new CheckedDnsResolver(addresses::resolve))
                        .setMaxConnTotal(20)
                        .setMaxConnPerRoute(4)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                                .setSocketTimeout(Timeout.of(settings.timeout()))
                                .build())
                        .build())
                .build();
    }

    /** How an attempt went: the answer's status, or none and why ({@code error}, for the tenant's eyes). */
    record Outcome(Integer status, String error) {
        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    Outcome send(String url, String secret, String messageId, String payload) {
        long timestamp = Instant.now().getEpochSecond();
        String signature;
        try {
            signature = new Webhook(secret).sign(messageId, timestamp, payload);
        } catch (Exception e) {
            return new Outcome(null, "signing failed: " + e.getMessage());
        }
        var post = new HttpPost(url);
        post.setHeader("webhook-id", messageId);
        post.setHeader("webhook-timestamp", Long.toString(timestamp));
        post.setHeader("webhook-signature", signature);
        post.setEntity(new StringEntity(payload, ContentType.APPLICATION_JSON));
        try (var response = client.executeOpen(null, post, null)) {
            String body = "";
            if (response.getEntity() != null) {
                try (InputStream in = response.getEntity().getContent()) {
                    body = new String(in.readNBytes(KEPT), StandardCharsets.UTF_8).strip();
                } finally {
                    post.cancel(); // the rest of the answer is not read: the connection goes
                }
            }
            int status = response.getCode();
            return new Outcome(status, status >= 200 && status < 300 || body.isEmpty() ? null : body);
        } catch (WebhookAddresses.Refused e) {
            return new Outcome(null, "refused: " + e.getMessage());
        } catch (UnknownHostException e) {
            return new Outcome(null, "unknown host: " + e.getMessage());
        } catch (SocketTimeoutException e) {
            return new Outcome(null, "timed out");
        } catch (IOException e) {
            return new Outcome(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
