package org.vireo.base;

import com.vaadin.flow.i18n.I18NProvider;
import java.util.List;
import java.util.Locale;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.stereotype.Component;

/**
 * Vaadin's translations from the {@code messages_de}/{@code messages_en} bundles. The bundles have no base file
 * (every text exists in both languages), so Spring Boot's message source auto-configuration does not apply and
 * the source is built here.
 */
@Component
class MessagesI18NProvider implements I18NProvider {
    private final ResourceBundleMessageSource messages = new ResourceBundleMessageSource();

    MessagesI18NProvider() {
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        messages.setDefaultLocale(Locales.ENGLISH);
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
