/**
 * Tenants' webhooks: machine and quota events POSTed to a tenant's URLs, signed per Standard Webhooks, retried with
 * backoff, logged for the tenant admin; only public addresses unless {@code VIREO_WEBHOOKS_ALLOW_PRIVATE}.
 */
@ApplicationModule(allowedDependencies = {"audit", "base", "machines", "quotas", "security", "tenants"})
package org.vireo.webhooks;

import org.springframework.modulith.ApplicationModule;
