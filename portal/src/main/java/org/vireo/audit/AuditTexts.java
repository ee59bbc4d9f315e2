package org.vireo.audit;

import com.vaadin.flow.component.Component;
import java.util.List;

/**
 * Audit entries in words: the actions, outcomes and sources by name in the user's language, the same on the audit
 * log, the dashboard and a machine's page. {@code AuditTextsTest} finds every action the code records here.
 */
public final class AuditTexts {
    /** Every action Vireo audits (each has a text {@code audit.action.<action>}). */
    public static final List<String> ACTIONS = List.of(
            "machine.create",
            "machine.place",
            "machine.start",
            "machine.shutdown",
            "machine.poweroff",
            "machine.reboot",
            "machine.delete",
            "machine.resize",
            "machine.move",
            "machine.migrate",
            "machine.migrate-cancel",
            "machine.reconcile",
            "machine.edit",
            "machine.rebuild",
            "machine.rescue",
            "machine.iso",
            "machine.password",
            "machine.paused",
            "machine.address",
            "machine.ip-add",
            "machine.ip-remove",
            "machine.ip-ptr",
            "machine.firewall",
            "machine.snapshot",
            "machine.snapshot.create",
            "machine.snapshot.revert",
            "machine.backup",
            "machine.backup.delete",
            "machine.restore",
            "machine.backup-schedule.add",
            "machine.backup-schedule.delete",
            "machine.snapshot.delete",
            "quota.set",
            "traffic.allowance",
            "traffic.throttle",
            "traffic.unthrottle",
            "template.register",
            "template.import",
            "template.keymap",
            "template.delete",
            "iso.visibility",
            "ip-pool.create",
            "ip-pool.delete",
            "network.create",
            "network.delete",
            "host.register",
            "host.maintenance.on",
            "host.maintenance.off",
            "host.drain",
            "host.migration-address",
            "host.backup-dir",
            "host.network-mode",
            "tenant.create",
            "tenant.rename",
            "tenant.suspend",
            "tenant.resume",
            "tenant.delete",
            "sshkey.add",
            "sshkey.delete",
            "account.create",
            "account.reset-password",
            "account.2fa.enable",
            "account.2fa.disable",
            "account.2fa.reset",
            "account.email.link",
            "account.email.confirm",
            "account.invite",
            "account.invite.revoke",
            "account.invite.accept",
            "account.notifications",
            "account.password-link",
            "account.password-reset-by-link",
            "tenant.2fa.require",
            "tenant.2fa.optional",
            "account.change-password",
            "account.role",
            "account.remove",
            "token.issue",
            "token.revoke",
            "login",
            "login.second-factor",
            "console.ticket",
            "console.open",
            "console.close",
            "console.revoke",
            "console.end",
            "webhook.create",
            "webhook.delete");

    private AuditTexts() {}

    /** The action's name; an action without a text (an older entry) shows its code. */
    public static String action(Component c, String action) {
        return ACTIONS.contains(action) ? c.getTranslation("audit.action." + action) : action;
    }

    public static String outcome(Component c, AuditEntry e) {
        return c.getTranslation("audit.outcome." + e.outcome().name());
    }

    public static String source(Component c, AuditEntry e) {
        return c.getTranslation("audit.source." + e.source().name());
    }
}
