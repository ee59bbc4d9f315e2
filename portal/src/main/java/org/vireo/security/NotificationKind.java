package org.vireo.security;

/** What a user can be told by mail; each is on until the user switches it off. */
public enum NotificationKind {
    /** A machine of the tenant crashed, or was powered off because it did not shut down in time. */
    MACHINE,
    /** The tenant uses 90 % or more of a quota limit (tenant admins). */
    QUOTA,
    /** The tenant reached its monthly traffic allowance (tenant admins). */
    TRAFFIC,
    /** The user's account was signed in to from an address it had not been signed in from before. */
    LOGIN
}
