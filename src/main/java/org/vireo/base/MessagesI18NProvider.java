package org.vireo.base;

import com.vaadin.flow.i18n.I18NProvider;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/** Vaadin's translations from Spring's {@code messages_de}/{@code messages_en} bundles. */
@Component
class MessagesI18NProvider implements I18NProvider {
    private final MessageSource messages;

    MessagesI18NProvider(MessageSource messages) {
        this.messages = messages;
    }

    @Override
    public List<Locale> getProvidedLocales() {
        return Locales.SUPPORTED;
    }

    @Override
    public String getTranslation(String key, Locale locale, Object... params) {
        return messages.getMessage(key, params, "!" + key + "!", Locales.supported(locale));
    }
}
