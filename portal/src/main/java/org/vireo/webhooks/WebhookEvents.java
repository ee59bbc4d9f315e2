package org.vireo.webhooks;

import java.util.List;

/** The event types a webhook may subscribe to (its {@code type} in the payload). */
public final class WebhookEvents {
    public static final String MACHINE_CREATED = "machine.created";
    public static final String MACHINE_STATE_CHANGED = "machine.state_changed";
    public static final String MACHINE_DELETED = "machine.deleted";
    public static final String QUOTA_CHANGED = "quota.changed";

    public static final List<String> ALL =
            List.of(MACHINE_CREATED, MACHINE_STATE_CHANGED, MACHINE_DELETED, QUOTA_CHANGED);

    private WebhookEvents() {}
}
