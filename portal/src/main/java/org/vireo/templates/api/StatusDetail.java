package org.vireo.templates.api;

import org.springframework.context.i18n.LocaleContextHolder;
import org.vireo.base.Messages;
import org.vireo.templates.Template;

/** Why an import failed, or that it waits its turn, in the caller's language (null otherwise). */
final class StatusDetail {
    private StatusDetail() {}

    static String of(Messages messages, Template t) {
        return t.statusDetail() == null
                ? null
                : messages.get(
                        t.statusDetail(),
                        LocaleContextHolder.getLocale(),
                        t.statusArgs().toArray());
    }
}
