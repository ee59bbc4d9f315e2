package org.vireo.webhooks.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.webhooks.DeliveryView;
import org.vireo.webhooks.WebhookService;
import org.vireo.webhooks.WebhookView;

/**
 * {@code /api/v1/webhooks}: tenant admins register, list and remove their tenant's webhooks and read their delivery
 * logs; operators any tenant's ({@code tenant}). Members get 403. The webhook service authorizes every call.
 */
@RestController
@RequestMapping(path = "/api/v1/webhooks", produces = "application/json")
class WebhookController {
    private final WebhookService webhooks;

    WebhookController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    /** A webhook; {@code secret} only in the answer to its registration. */
    record WebhookJson(UUID id, UUID tenantId, String url, List<String> events, Instant createdAt, String secret) {
        static WebhookJson of(WebhookView w, String secret) {
            return new WebhookJson(w.id(), w.tenantId(), w.url(), w.events(), w.createdAt(), secret);
        }
    }

    record NewWebhookJson(String url, List<String> events) {}

    @GetMapping
    List<WebhookJson> list(@RequestParam(required = false) UUID tenant) {
        return webhooks.list(tenant).stream().map(w -> WebhookJson.of(w, null)).toList();
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    WebhookJson create(@RequestParam(required = false) UUID tenant, @RequestBody NewWebhookJson body) {
        if (body == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        var created = webhooks.create(tenant, body.url(), body.events(), AuditSource.API);
        return WebhookJson.of(created.webhook(), created.secret());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        webhooks.delete(id, AuditSource.API);
    }

    @GetMapping("/{id}/deliveries")
    List<DeliveryView> deliveries(@PathVariable UUID id) {
        return webhooks.deliveries(id);
    }
}
