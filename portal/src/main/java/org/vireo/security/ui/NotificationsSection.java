package org.vireo.security.ui;

import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import java.util.Locale;
import java.util.Map;
import org.vireo.audit.AuditSource;
import org.vireo.base.Feedback;
import org.vireo.security.NotificationKind;
import org.vireo.security.NotificationPreferences;

/** The account page's switches for notification mails, each saved when it is clicked. */
class NotificationsSection extends VerticalLayout {

    NotificationsSection(NotificationPreferences preferences, boolean hasAddress) {
        setId("notifications");
        setPadding(false);
        setSpacing(false);
        add(new H3(getTranslation("account.notifications.title")));
        var help = new Paragraph(
                getTranslation(hasAddress ? "account.notifications.help" : "account.notifications.no-address"));
        help.setId("notifications-help");
        add(help);
        var switches = preferences.mine();
        for (var kind : NotificationKind.values()) {
            var box = new Checkbox(getTranslation("account.notifications." + kind.name()), switches.get(kind));
            box.setId("notify-" + kind.name().toLowerCase(Locale.ROOT));
            box.addValueChangeListener(e -> {
                if (!e.isFromClient()) {
                    return;
                }
                try {
                    preferences.change(Map.of(kind, e.getValue()), AuditSource.UI);
                    Feedback.success(this, "account.notifications.saved");
                } catch (RuntimeException ex) {
                    box.setValue(e.getOldValue());
                    Feedback.error(this, ex);
                }
            });
            add(box);
        }
    }
}
