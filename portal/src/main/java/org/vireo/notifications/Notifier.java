package org.vireo.notifications;

import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.vireo.base.Messages;
import org.vireo.machines.MachineIncident;
import org.vireo.mail.Mailer;
import org.vireo.quotas.QuotaNearlyUsed;
import org.vireo.security.NotificationKind;
import org.vireo.security.NotificationPreferences;
import org.vireo.security.Recipient;
import org.vireo.security.SignedInFromNewAddress;
import org.vireo.traffic.TrafficAllowanceReached;

/**
 * Turns events into mails to the users who want them: after the change is committed, sent in the background
 * ({@link Mailer#sendLater}: a slow SMTP server never holds up a create, a sign-in or the state sync).
 */
@Component
class Notifier {
    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private final NotificationPreferences preferences;
    private final Mailer mailer;
    private final Messages messages;

    Notifier(NotificationPreferences preferences, Mailer mailer, Messages messages) {
        this.preferences = preferences;
        this.mailer = mailer;
        this.messages = messages;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(MachineIncident e) {
        String kind = e.kind() == MachineIncident.Kind.CRASHED ? "crashed" : "powered-off";
        toEach(
                () -> preferences.recipients(e.tenantId(), NotificationKind.MACHINE, false),
                r -> mailer.sendLater(
                        r.email(),
                        r.locale(),
                        "mail.notify." + kind + ".subject",
                        "mail.notify." + kind + ".text",
                        r.username(),
                        e.machineName(),
                        mailer.link("/machines/" + e.machineId()),
                        mailer.link("/account")));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(QuotaNearlyUsed e) {
        toEach(
                () -> preferences.recipients(e.tenantId(), NotificationKind.QUOTA, true),
                r -> mailer.sendLater(
                        r.email(),
                        r.locale(),
                        "mail.notify.quota.subject",
                        "mail.notify.quota.text",
                        r.username(),
                        messages.get("quotas.resource." + e.resource(), r.locale()),
                        e.inUse(),
                        e.limit(),
                        mailer.link("/account")));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(TrafficAllowanceReached e) {
        toEach(
                () -> preferences.recipients(e.tenantId(), NotificationKind.TRAFFIC, true),
                r -> mailer.sendLater(
                        r.email(),
                        r.locale(),
                        "mail.notify.traffic.subject",
                        "mail.notify.traffic.text",
                        r.username(),
                        e.allowanceGiB(),
                        e.month().toString(),
                        e.throttleMbit(),
                        mailer.link("/account")));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(SignedInFromNewAddress e) {
        toEach(
                () -> preferences.recipient(e.userId(), NotificationKind.LOGIN).stream()
                        .toList(),
                r -> mailer.sendLater(
                        r.email(),
                        r.locale(),
                        "mail.notify.login.subject",
                        "mail.notify.login.text",
                        r.username(),
                        e.address(),
                        e.at().toString(),
                        mailer.link("/account")));
    }

    private interface Mail {
        void send(Recipient r);
    }

    private void toEach(Supplier<List<Recipient>> recipients, Mail mail) {
        if (!mailer.enabled()) {
            return;
        }
        try {
            recipients.get().forEach(mail::send);
        } catch (RuntimeException ex) {
            // the change stands; only its mail is lost
            log.warn("notification not sent: {}", ex.getMessage());
        }
    }
}
