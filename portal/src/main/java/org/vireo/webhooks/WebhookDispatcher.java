package org.vireo.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import org.vireo.machines.MachineChanged;
import org.vireo.machines.MachineState;
import org.vireo.quotas.QuotaChanged;
import org.vireo.webhooks.internal.DeliveryEntity;
import org.vireo.webhooks.internal.DeliveryRepository;
import org.vireo.webhooks.internal.WebhookRepository;

/**
 * Turns machine and quota events into deliveries and makes them, always in the background: an event (after its
 * transaction committed) becomes one delivery row per subscribed webhook, tried at once and then after each wait of
 * {@link WebhookSettings#retries()} until a 2xx answer or the last attempt. Due deliveries are looked for every
 * {@link WebhookSettings#poll()} (retries after a restart too); each attempt first claims its row, so two portal
 * nodes never send the same attempt. Events relayed from another node are left to the node that made the change.
 */
@Component
class WebhookDispatcher {
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int BATCH = 50;
    private static final Duration KEPT = Duration.ofDays(30);

    private final WebhookRepository webhooks;
    private final DeliveryRepository deliveries;
    private final WebhookSettings settings;
    private final WebhookSender sender;
    private final ObjectMapper json;
    private final TransactionTemplate tx;
    /** The state each machine was last announced in (by this node), so repeats of a state are not sent again. */
    private final Map<UUID, MachineState> announced = new ConcurrentHashMap<>();

    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "vireo-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService senders = Executors.newFixedThreadPool(4, r -> {
        var t = new Thread(r, "vireo-webhook-send");
        t.setDaemon(true);
        return t;
    });
    private volatile Instant nextCleanUp = Instant.EPOCH;

    WebhookDispatcher(
            WebhookRepository webhooks,
            DeliveryRepository deliveries,
            WebhookSettings settings,
            ObjectMapper json,
            PlatformTransactionManager transactions) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.settings = settings;
        this.json = json;
        this.tx = new TransactionTemplate(transactions);
        this.sender = new WebhookSender(new WebhookAddresses(settings.allowPrivate()), settings);
    }

    @PostConstruct
    void start() {
        long poll = settings.poll().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweep, poll, poll, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() throws IOException {
        sweeper.shutdownNow();
        senders.shutdownNow();
        sender.close();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(MachineChanged e) {
        if (MachineChanged.relayed() || e.tenantId() == null) {
            return;
        }
        String type = typeOf(e);
        if (type != null) {
            var data = new LinkedHashMap<String, Object>();
            data.put("machineId", e.machineId());
            data.put("tenantId", e.tenantId());
            data.put("state", e.state());
            later(() -> enqueue(e.tenantId(), type, data));
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(QuotaChanged e) {
        var limits = new LinkedHashMap<String, Object>();
        limits.put("vcpus", e.limits().vcpus());
        limits.put("memoryMiB", e.limits().memoryMiB());
        limits.put("diskGiB", e.limits().diskGiB());
        limits.put("machines", e.limits().machines());
        limits.put("snapshots", e.limits().snapshots());
        limits.put("ipv4", e.limits().ipv4());
        limits.put("backupGiB", e.limits().backupGiB());
        var data = new LinkedHashMap<String, Object>();
        data.put("tenantId", e.tenantId());
        data.put("limits", limits);
        data.put("trafficGiB", e.trafficGiB());
        later(() -> enqueue(e.tenantId(), WebhookEvents.QUOTA_CHANGED, data));
    }

    /**
     * The webhook event a machine change is: deleted, created (first seen while creating) or a state it was not
     * last announced in; null for a repeat (the machines module publishes a change for every row update).
     */
    private String typeOf(MachineChanged e) {
        if (e.deleted()) {
            announced.remove(e.machineId());
            return WebhookEvents.MACHINE_DELETED;
        }
        var before = announced.put(e.machineId(), e.state());
        if (before == e.state()) {
            return null;
        }
        return before == null && e.state() == MachineState.CREATING
                ? WebhookEvents.MACHINE_CREATED
                : WebhookEvents.MACHINE_STATE_CHANGED;
    }

    private void later(Runnable work) {
        try {
            sweeper.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException ex) {
                    log.warn("webhook event not queued: {}", ex.toString());
                }
            });
        } catch (RejectedExecutionException stopping) {
            // the portal is shutting down
        }
    }

    private void enqueue(UUID tenantId, String type, Map<String, Object> data) {
        Instant now = Instant.now();
        var message = new LinkedHashMap<String, Object>();
        message.put("type", type);
        message.put("timestamp", now.toString());
        message.put("data", data);
        String payload;
        try {
            payload = json.writeValueAsString(message);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        Boolean queued = tx.execute(s -> {
            boolean any = false;
            for (var w : webhooks.findByTenantIdOrderByCreatedAt(tenantId)) {
                if (w.wants(type)) {
                    deliveries.save(new DeliveryEntity(w.getId(), type, payload, now));
                    any = true;
                }
            }
            return any;
        });
        if (Boolean.TRUE.equals(queued)) {
            sweep();
        }
    }

    /** Claims the due deliveries and hands each to a sender thread; on the sweeper thread. */
    void sweep() {
        try {
            Instant now = Instant.now();
            List<UUID> due = tx.execute(s -> deliveries.due(now, PageRequest.of(0, BATCH)));
            // no other node takes it up before this attempt is surely over
            Instant until = now.plus(settings.connectTimeout())
                    .plus(settings.timeout().multipliedBy(2))
                    .plusSeconds(30);
            for (UUID id : due) {
                Integer claimed = tx.execute(s -> deliveries.claim(id, now, until));
                if (claimed != null && claimed == 1) {
                    senders.execute(() -> attempt(id));
                }
            }
            if (now.isAfter(nextCleanUp)) {
                nextCleanUp = now.plus(Duration.ofHours(1));
                tx.execute(s -> deliveries.deleteFinishedBefore(now.minus(KEPT)));
            }
        } catch (RejectedExecutionException stopping) {
            // the portal is shutting down; the claimed rows are taken up again after their lease
        } catch (RuntimeException ex) {
            log.warn("webhook deliveries not looked for: {}", ex.toString());
        }
    }

    private record Job(String url, String secret, String messageId, String payload) {}

    private void attempt(UUID id) {
        try {
            Job job = tx.execute(s -> deliveries
                    .findById(id)
                    .flatMap(d -> webhooks.findById(d.getWebhookId())
                            .map(w -> new Job(w.getUrl(), w.getSecret(), d.getMessageId(), d.getPayload())))
                    .orElse(null));
            if (job == null) {
                return; // the webhook was removed meanwhile
            }
            var outcome = sender.send(job.url(), job.secret(), job.messageId(), job.payload());
            Instant at = Instant.now();
            Instant retryAt = tx.execute(s -> deliveries
                    .findById(id)
                    .map(d -> {
                        int made = d.getAttempts() + 1;
                        Instant next = outcome.delivered() || made >= settings.attempts()
                                ? null
                                : at.plus(settings.retries().get(made - 1));
                        d.attempted(at, outcome.status(), outcome.error(), next);
                        return next;
                    })
                    .orElse(null));
            if (!outcome.delivered()) {
                log.info(
                        "webhook delivery {} to {} failed ({}), {}",
                        job.messageId(),
                        job.url(),
                        outcome.status() != null ? "HTTP " + outcome.status() : outcome.error(),
                        retryAt == null ? "given up" : "next attempt at " + retryAt);
            }
            if (retryAt != null) {
                long wait = Duration.between(Instant.now(), retryAt).toMillis();
                if (wait < settings.poll().toMillis()) {
                    sweeper.schedule(this::sweep, Math.max(wait, 0) + 10, TimeUnit.MILLISECONDS);
                }
            }
        } catch (RejectedExecutionException stopping) {
            // shutting down
        } catch (RuntimeException ex) {
            log.warn("webhook delivery {} not attempted: {}", id, ex.toString());
        }
    }
}
