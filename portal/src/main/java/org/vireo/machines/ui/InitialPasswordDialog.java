package org.vireo.machines.ui;

import org.vireo.base.SecretDialog;

/** The generated password of a machine's user, shown this once: Vireo keeps only its hash in the seed. */
class InitialPasswordDialog extends SecretDialog {
    InitialPasswordDialog(String machine, String user, String password) {
        super("initial-password", password);
        texts(
                getTranslation("machines.password.title", machine),
                getTranslation("machines.password.once"),
                getTranslation("machines.password.label", user));
    }
}
