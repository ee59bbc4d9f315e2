package org.vireo.tenants.ui;

import com.vaadin.flow.component.Component;
import java.util.List;
import org.vireo.audit.AuditEntry;

/** Audit entries in words: the actions, outcomes and sources by name in the user's language. */
final class AuditTexts {
    /** Every action Vireo audits (each has a text {@code audit.action.<action>}). */
    static final List<String> ACTIONS = List.of(
            "machine.create",
            "machine.place",
            "machine.start",
            "machine.shutdown",
            "machine.poweroff",
            "machine.reboot",
            "machine.delete",
            "machine.resize",
            "machine.move",
            "machine.reconcile",
            "machine.snapshot.create",
            "machine.snapshot.revert",
            "machine.snapshot.delete",
            "quota.set",
            "template.register",
            "template.delete",
            "host.register",
            "host.maintenance.on",
            "host.maintenance.off",
            "tenant.create",
            "tenant.rename",
            "tenant.suspend",
            "tenant.resume",
            "tenant.delete",
            "sshkey.add",
            "sshkey.delete",
            "account.create",
            "account.reset-password",
            "account.change-password",
            "account.role",
            "account.remove",
            "token.issue",
            "token.revoke",
            "login",
            "console.ticket",
            "console.open",
            "console.close",
            "console.revoke",
            "console.end");

    private AuditTexts() {
    }

    /** The action's name; an action without a text (an older entry) shows its code. */
    static String action(Component c, String action) {
        return ACTIONS.contains(action) ? c.getTranslation("audit.action." + action) : action;
    }

    static String outcome(Component c, AuditEntry e) {
        return c.getTranslation("audit.outcome." + e.outcome().name());
    }

    static String source(Component c, AuditEntry e) {
        return c.getTranslation("audit.source." + e.source().name());
    }
}
