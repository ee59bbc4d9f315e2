package org.vireo.security;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.security.internal.NotificationOptOutEntity;
import org.vireo.security.internal.NotificationOptOutRepository;
import org.vireo.security.internal.UserAccountEntity;
import org.vireo.security.internal.UserAccountRepository;

/**
 * Which notifications each user gets by mail (all until switched off), and to whom one goes: users with a
 * confirmed address who have it on, in the language of their last sign-in.
 */
@Service
public class NotificationPreferences {
    private final NotificationOptOutRepository optOuts;
    private final UserAccountRepository accounts;
    private final AuditLog audit;

    NotificationPreferences(NotificationOptOutRepository optOuts, UserAccountRepository accounts, AuditLog audit) {
        this.optOuts = optOuts;
        this.accounts = accounts;
        this.audit = audit;
    }

    /** The signed-in user's switches. */
    @Transactional(readOnly = true)
    @PreAuthorize("isAuthenticated()")
    public Map<NotificationKind, Boolean> mine() {
        var off = new HashSet<NotificationKind>();
        optOuts.findByUserId(CurrentUser.require().id()).forEach(o -> off.add(o.getKind()));
        var all = new EnumMap<NotificationKind, Boolean>(NotificationKind.class);
        for (var kind : NotificationKind.values()) {
            all.put(kind, !off.contains(kind));
        }
        return all;
    }

    /** Switches the signed-in user's notifications of the given kinds on or off (others stay); audited. */
    @Transactional
    @PreAuthorize("isAuthenticated()")
    public Map<NotificationKind, Boolean> change(Map<NotificationKind, Boolean> switches, AuditSource source) {
        var caller = CurrentUser.require();
        var before = mine();
        switches.forEach((kind, on) -> {
            if (kind == null || on == null || before.get(kind).equals(on)) {
                return;
            }
            var key = new NotificationOptOutEntity.Key(caller.id(), kind);
            if (on) {
                optOuts.deleteById(key);
            } else {
                optOuts.save(new NotificationOptOutEntity(caller.id(), kind));
            }
            audit.record(
                    caller.username(),
                    caller.tenantId(),
                    "account.notifications",
                    kind.name(),
                    AuditOutcome.SUCCESS,
                    source,
                    on ? "on" : "off");
        });
        return mine();
    }

    /** The tenant's users (only its admins: {@code adminsOnly}) who get this kind of notification. */
    @Transactional(readOnly = true)
    public List<Recipient> recipients(UUID tenantId, NotificationKind kind, boolean adminsOnly) {
        return withSwitchOn(
                accounts.findByTenantIdOrderByUsername(tenantId).stream()
                        .filter(a -> !adminsOnly || a.toCurrentUser().role() == Role.TENANT_ADMIN)
                        .toList(),
                kind);
    }

    /** The user, if they get this kind of notification. */
    @Transactional(readOnly = true)
    public Optional<Recipient> recipient(UUID userId, NotificationKind kind) {
        return accounts.findById(userId)
                .flatMap(a -> withSwitchOn(List.of(a), kind).stream().findFirst());
    }

    private List<Recipient> withSwitchOn(List<UserAccountEntity> candidates, NotificationKind kind) {
        var reachable = candidates.stream()
                .filter(a -> a.isEnabled() && a.getEmail() != null)
                .toList();
        if (reachable.isEmpty()) {
            return List.of();
        }
        var off = new HashSet<UUID>();
        optOuts.findByKindAndUserIdIn(
                        kind, reachable.stream().map(UserAccountEntity::getId).toList())
                .forEach(o -> off.add(o.getUserId()));
        return reachable.stream()
                .filter(a -> !off.contains(a.getId()))
                .map(a -> new Recipient(a.getId(), a.toCurrentUser().username(), a.getEmail(), a.getLocale()))
                .toList();
    }
}
