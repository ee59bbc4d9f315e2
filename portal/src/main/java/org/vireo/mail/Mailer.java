package org.vireo.mail;

import jakarta.annotation.PreDestroy;
import jakarta.mail.MessagingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;
import org.vireo.base.Messages;

/**
 * Sends a plain-text mail in the recipient's language, its subject and text from the message bundles. A mail that
 * cannot be sent is logged (without its text: it may hold a link that works like a password) and reported as false.
 */
@Service
@EnableConfigurationProperties(MailSettings.class)
public class Mailer {
    private static final Logger log = LoggerFactory.getLogger(Mailer.class);
    private final MailSettings settings;
    private final Messages messages;
    /** Mails waiting for {@link #sendLater} beyond this are dropped (and logged): a flood must not grow the heap. */
    static final int QUEUE = 1000;

    private final JavaMailSenderImpl sender = new JavaMailSenderImpl();
    /** One thread sends what is sent later, in order; it starts with the first such mail. */
    private final ThreadPoolExecutor later =
            new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
                var t = new Thread(r, "vireo-mail");
                t.setDaemon(true);
                return t;
            });

    Mailer(MailSettings settings, Messages messages) {
        this.settings = settings;
        this.messages = messages;
        sender.setHost(settings.host());
        sender.setPort(settings.port());
        sender.setDefaultEncoding(StandardCharsets.UTF_8.name());
        if (settings.username() != null && !settings.username().isBlank()) {
            sender.setUsername(settings.username());
            sender.setPassword(settings.password());
        }
        var props = new Properties();
        props.put("mail.smtp.auth", String.valueOf(sender.getUsername() != null));
        props.put(
                "mail.smtp.starttls.enable", String.valueOf(settings.security().equals("starttls")));
        props.put(
                "mail.smtp.starttls.required",
                String.valueOf(settings.security().equals("starttls")));
        props.put("mail.smtp.ssl.enable", String.valueOf(settings.security().equals("tls")));
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "10000");
        props.put("mail.smtp.writetimeout", "10000");
        sender.setJavaMailProperties(props);
    }

    /** Whether mail is set up (an SMTP host). */
    public boolean enabled() {
        return settings.enabled();
    }

    /** The portal's address followed by {@code pathAndQuery} (which starts with a slash). */
    public String link(String pathAndQuery) {
        return settings.publicUrl() + pathAndQuery;
    }

    /**
     * Like {@link #send}, in the background: the caller (a sign-in, the state sync, a request whose answer must not
     * tell by its timing whether a mail went out) does not wait for the SMTP server.
     */
    public void sendLater(String to, Locale locale, String subjectKey, String textKey, Object... args) {
        if (!enabled()) {
            return;
        }
        try {
            later.execute(() -> send(to, locale, subjectKey, textKey, args));
        } catch (RejectedExecutionException full) {
            log.warn("mail '{}' dropped: {} mails are waiting already", subjectKey, QUEUE);
        }
    }

    @PreDestroy
    void stop() {
        later.shutdownNow();
    }

    /** Sends {@code subjectKey}/{@code textKey} (formatted with {@code args}) to {@code to}; false if it failed. */
    public boolean send(String to, Locale locale, String subjectKey, String textKey, Object... args) {
        if (!enabled()) {
            return false;
        }
        try {
            var message = sender.createMimeMessage();
            var helper = new MimeMessageHelper(message, false, StandardCharsets.UTF_8.name());
            helper.setFrom(settings.from());
            helper.setTo(to);
            helper.setSubject(messages.get(subjectKey, locale, args));
            helper.setText(messages.get(textKey, locale, args), false);
            sender.send(message);
            return true;
        } catch (MessagingException | MailException e) {
            log.warn("mail '{}' to {} not sent: {}", subjectKey, to, e.getMessage());
            return false;
        }
    }
}
