package org.vireo.machines.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;

/** A text with a button that copies it to the clipboard (an address, an SSH command). */
final class CopyText extends HorizontalLayout {
    CopyText(String text, String copyLabel) {
        setSpacing(false);
        setPadding(false);
        setAlignItems(Alignment.CENTER);
        var value = new Span(text);
        value.addClassName("copy-text-value");
        var copy = new Button(VaadinIcon.COPY_O.create());
        copy.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_SMALL);
        copy.addClassName("copy-text");
        copy.setAriaLabel(copyLabel);
        copy.setTooltipText(copyLabel);
        copy.addClickListener(e -> copy.getElement().executeJs("navigator.clipboard.writeText($0)", text));
        add(value, copy);
    }
}
