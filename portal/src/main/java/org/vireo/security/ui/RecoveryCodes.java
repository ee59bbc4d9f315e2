package org.vireo.security.ui;

import com.vaadin.flow.component.UI;
import java.util.List;
import org.vireo.base.SecretDialog;

/** The ten recovery codes of a new second factor, shown this once. */
final class RecoveryCodes {
    private RecoveryCodes() {}

    /** Opens the dialog; {@code then} (if any) runs when it is closed. */
    static void show(List<String> codes, Runnable then) {
        var ui = UI.getCurrent();
        var dialog = new SecretDialog("recovery-codes", String.join("  ", codes))
                .texts(
                        ui.getTranslation("account.2fa.recovery.title"),
                        ui.getTranslation("account.2fa.recovery.intro"),
                        ui.getTranslation("account.2fa.recovery.label"));
        if (then != null) {
            dialog.addOpenedChangeListener(e -> {
                if (!e.isOpened()) {
                    then.run();
                }
            });
        }
        dialog.open();
    }
}
