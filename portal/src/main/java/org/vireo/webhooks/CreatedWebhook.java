package org.vireo.webhooks;

/** A webhook just registered, with its signing secret ({@code whsec_<base64>}): shown this once only. */
public record CreatedWebhook(WebhookView webhook, String secret) {}
