package org.vireo.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real SMTP server on loopback (GreenMail) for a test class, the portal's mail settings pointing at it (links to
 * {@code http://portal.test}), and the mails it received.
 */
public final class TestSmtp {
    private final GreenMail server = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    /** Starts the server (once) and sets the portal's mail properties; from a {@code @DynamicPropertySource}. */
    public void register(DynamicPropertyRegistry registry) {
        if (!server.isRunning()) {
            server.start();
        }
        registry.add("vireo.mail.host", () -> "127.0.0.1");
        registry.add("vireo.mail.port", () -> server.getSmtp().getPort());
        registry.add("vireo.mail.security", () -> "none");
        registry.add("vireo.mail.from", () -> "vireo@portal.test");
        registry.add("vireo.mail.public-url", () -> "http://portal.test");
    }

    public void stop() {
        server.stop();
    }

    /** Waits up to {@code millis} until {@code count} mails came in all; whether they did. */
    public boolean waitFor(long millis, int count) {
        return server.waitForIncomingEmail(millis, count);
    }

    public MimeMessage[] received() {
        return server.getReceivedMessages();
    }

    /** The mails to {@code address} so far, oldest first. */
    public List<MimeMessage> to(String address) {
        return Arrays.stream(server.getReceivedMessages())
                .filter(m -> recipient(m).equals(address))
                .toList();
    }

    private static String recipient(MimeMessage m) {
        try {
            return m.getAllRecipients()[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
