package org.vireo.base;

import java.util.Locale;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.stereotype.Component;

/**
 * The UI's texts from {@code messages_de}/{@code messages_en}. There is no base bundle (every text exists in both
 * languages), so Spring Boot's message source auto-configuration does not apply and the source is built here.
 */
@Component
public class Messages {
    private final ResourceBundleMessageSource source = new ResourceBundleMessageSource();

    public Messages() {
        source.setBasename("messages");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        source.setDefaultLocale(Locales.ENGLISH);
    }

    public String get(String key, Locale locale, Object... args) {
        return source.getMessage(key, args, "!" + key + "!", Locales.supported(locale));
    }
}
