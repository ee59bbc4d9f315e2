package org.vireo.base;

import com.vaadin.flow.component.select.Select;
import java.util.Locale;

/** The language switch shown in the header and on the login page. */
public class LocaleSelect extends Select<Locale> {
    public LocaleSelect() {
        setId("locale-select");
        setItems(Locales.SUPPORTED);
        // Each language is named in itself, so it can be found by someone who cannot read the current one.
        setItemLabelGenerator(l -> l.getDisplayLanguage(l));
        setAriaLabel("Sprache / Language");
        addAttachListener(e -> setValue(Locales.supported(e.getUI().getLocale())));
        addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                Locales.choose(e.getValue());
            }
        });
        setWidth("9em");
    }
}
