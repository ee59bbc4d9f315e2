package org.vireo.security.api;

import java.util.EnumMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.security.NotificationKind;
import org.vireo.security.NotificationPreferences;

/** {@code /api/v1/notifications}: the caller's own notification mails, each on or off. */
@RestController
@RequestMapping(path = "/api/v1/notifications", produces = "application/json")
class NotificationController {
    private final NotificationPreferences preferences;

    NotificationController(NotificationPreferences preferences) {
        this.preferences = preferences;
    }

    /** Absent fields stay as they are. */
    record NotificationsJson(Boolean machine, Boolean quota, Boolean traffic, Boolean login) {
        static NotificationsJson of(Map<NotificationKind, Boolean> m) {
            return new NotificationsJson(
                    m.get(NotificationKind.MACHINE),
                    m.get(NotificationKind.QUOTA),
                    m.get(NotificationKind.TRAFFIC),
                    m.get(NotificationKind.LOGIN));
        }

        Map<NotificationKind, Boolean> toMap() {
            var m = new EnumMap<NotificationKind, Boolean>(NotificationKind.class);
            m.put(NotificationKind.MACHINE, machine);
            m.put(NotificationKind.QUOTA, quota);
            m.put(NotificationKind.TRAFFIC, traffic);
            m.put(NotificationKind.LOGIN, login);
            m.values().removeIf(v -> v == null);
            return m;
        }
    }

    @GetMapping
    NotificationsJson mine() {
        return NotificationsJson.of(preferences.mine());
    }

    @PutMapping(consumes = "application/json")
    NotificationsJson change(@RequestBody NotificationsJson body) {
        if (body == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        return NotificationsJson.of(preferences.change(body.toMap(), AuditSource.API));
    }
}
