package org.vireo.webhooks;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.InvalidInputException;
import org.vireo.base.NotFoundException;
import org.vireo.security.CurrentUser;
import org.vireo.tenants.TenantService;
import org.vireo.webhooks.internal.DeliveryEntity;
import org.vireo.webhooks.internal.DeliveryRepository;
import org.vireo.webhooks.internal.WebhookEntity;
import org.vireo.webhooks.internal.WebhookRepository;

/**
 * Tenant admins register, list and remove their tenant's webhooks and read their deliveries; operators any
 * tenant's. Another tenant's webhook is "not found"; members are refused. A URL must be http(s) and reach only
 * public addresses ({@link WebhookAddresses}); the signing secret is shown once, when the webhook is registered.
 */
@Service
@EnableConfigurationProperties(WebhookSettings.class)
@PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN')")
public class WebhookService {
    /** Webhooks a tenant may have. */
    public static final int MAX_PER_TENANT = 10;
    /** Deliveries listed per webhook, newest first. */
    public static final int LISTED_DELIVERIES = 100;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookRepository webhooks;
    private final DeliveryRepository deliveries;
    private final TenantService tenants;
    private final AuditLog audit;
    private final WebhookAddresses addresses;
    private final TransactionTemplate tx;

    WebhookService(
            WebhookRepository webhooks,
            DeliveryRepository deliveries,
            TenantService tenants,
            AuditLog audit,
            WebhookSettings settings,
            PlatformTransactionManager transactions) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.tenants = tenants;
        this.audit = audit;
        this.addresses = new WebhookAddresses(settings.allowPrivate());
        this.tx = new TransactionTemplate(transactions);
    }

    /** The caller's tenant's webhooks; operators: {@code tenant}'s, or every tenant's when it is null. */
    @Transactional(readOnly = true)
    public List<WebhookView> list(UUID tenant) {
        var caller = CurrentUser.require();
        List<WebhookEntity> found;
        if (caller.isAdmin()) {
            found = tenant == null
                    ? webhooks.findAllByOrderByCreatedAt()
                    : webhooks.findByTenantIdOrderByCreatedAt(tenant);
        } else {
            found = webhooks.findByTenantIdOrderByCreatedAt(caller.tenantId());
        }
        return found.stream().map(WebhookService::view).toList();
    }

    /**
     * Registers a webhook for {@code events} (of {@link WebhookEvents#ALL}) of the caller's tenant (operators name
     * the tenant). The URL's host is resolved now and at every delivery: non-public addresses are refused unless
     * the operator allows them.
     */
    public CreatedWebhook create(UUID tenant, String url, List<String> events, AuditSource source) {
        var caller = CurrentUser.require();
        UUID tenantId = caller.isAdmin() ? tenant : caller.tenantId();
        try {
            if (tenantId == null) {
                throw new InvalidInputException("tenant", "webhooks.tenant-required");
            }
            if (!tenantId.equals(caller.tenantId())) {
                tenants.get(tenantId); // operators: it exists
            }
            if (!caller.isAdmin() && tenant != null && !tenant.equals(caller.tenantId())) {
                throw new NotFoundException("tenant");
            }
            var types = events(events);
            String checked = addresses.check(url);
            String secret = secret();
            return tx.execute(s -> {
                if (webhooks.countByTenantId(tenantId) >= MAX_PER_TENANT) {
                    throw new ConflictException("webhooks.too-many", MAX_PER_TENANT);
                }
                var saved = webhooks.save(new WebhookEntity(tenantId, checked, types, secret, caller.username()));
                audit.record(
                        caller.username(),
                        tenantId,
                        "webhook.create",
                        checked,
                        AuditOutcome.SUCCESS,
                        source,
                        "id=" + saved.getId() + " events=" + String.join(",", types));
                return new CreatedWebhook(view(saved), secret);
            });
        } catch (RuntimeException e) {
            audit.refused(caller.username(), tenantId, "webhook.create", url, source, null, e);
            throw e;
        }
    }

    /** Removes the webhook with its delivery log; deliveries not yet made are not made. */
    @Transactional
    public void delete(UUID id, AuditSource source) {
        var caller = CurrentUser.require();
        var webhook = own(id);
        webhooks.delete(webhook);
        audit.record(
                caller.username(),
                webhook.getTenantId(),
                "webhook.delete",
                webhook.getUrl(),
                AuditOutcome.SUCCESS,
                source,
                "id=" + id);
    }

    /** The webhook's last {@value #LISTED_DELIVERIES} deliveries, newest first. */
    @Transactional(readOnly = true)
    public List<DeliveryView> deliveries(UUID id) {
        own(id);
        return deliveries.findByWebhookIdOrderByCreatedAtDesc(id, PageRequest.of(0, LISTED_DELIVERIES)).stream()
                .map(WebhookService::view)
                .toList();
    }

    private WebhookEntity own(UUID id) {
        var caller = CurrentUser.require();
        return webhooks.findById(id)
                .filter(w -> caller.isAdmin() || w.getTenantId().equals(caller.tenantId()))
                .orElseThrow(() -> new NotFoundException("webhook"));
    }

    private static List<String> events(List<String> events) {
        if (events == null || events.isEmpty()) {
            throw new InvalidInputException("events", "validation.required");
        }
        var types = new ArrayList<String>();
        for (String e : events) {
            if (e == null || !WebhookEvents.ALL.contains(e)) {
                throw new InvalidInputException("events", "webhooks.event-unknown", String.valueOf(e));
            }
            if (!types.contains(e)) {
                types.add(e);
            }
        }
        return types;
    }

    /** {@code whsec_} and 32 random bytes in base64, as Standard Webhooks' secrets look. */
    private static String secret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private static WebhookView view(WebhookEntity w) {
        return new WebhookView(
                w.getId(), w.getTenantId(), w.getUrl(), w.getEvents(), w.getCreatedBy(), w.getCreatedAt());
    }

    private static DeliveryView view(DeliveryEntity d) {
        return new DeliveryView(
                d.getId(),
                d.getEventType(),
                d.getMessageId(),
                d.getStatus(),
                d.getAttempts(),
                d.getLastStatusCode(),
                d.getLastError(),
                d.getCreatedAt(),
                d.getLastAttemptAt(),
                d.getNextAttemptAt(),
                d.getFinishedAt());
    }
}
