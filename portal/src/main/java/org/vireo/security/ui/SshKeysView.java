package org.vireo.security.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;
import org.vireo.audit.AuditSource;
import org.vireo.base.ErrorTexts;
import org.vireo.security.SshKey;
import org.vireo.security.SshKeyService;

/** The user's SSH public keys (for machines from cloud-init templates). */
@Route("keys")
@PermitAll
@Menu(order = 75, title = "sshkeys.title", icon = "vaadin:key-o")
class SshKeysView extends VerticalLayout implements HasDynamicTitle {
    private final SshKeyService keys;
    private final Grid<SshKey> grid = new Grid<>();

    SshKeysView(SshKeyService keys) {
        this.keys = keys;
        setId("keys-view");
        var name = new TextField(getTranslation("tokens.name"));
        name.setId("key-name");
        var key = new TextArea(getTranslation("sshkeys.key"));
        key.setId("key-value");
        key.setWidth("40em");
        var error = new Paragraph();
        error.addClassName("vireo-error");
        error.setId("key-error");
        var add = new Button(getTranslation("sshkeys.add"), e -> {
            try {
                keys.add(name.getValue(), key.getValue(), AuditSource.UI);
                name.clear();
                key.clear();
                error.setText("");
                refresh();
            } catch (RuntimeException ex) {
                error.setText(ErrorTexts.of(this, ex));
            }
        });
        add.setId("add-key");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        var form = new HorizontalLayout(name, key, add);
        form.setAlignItems(Alignment.BASELINE);
        grid.setId("keys-grid");
        grid.addColumn(SshKey::name).setHeader(getTranslation("tokens.name"));
        grid.addColumn(k -> k.publicKey().length() > 60 ? k.publicKey().substring(0, 60) + "…" : k.publicKey())
                .setHeader(getTranslation("sshkeys.key"))
                .setFlexGrow(3);
        grid.addComponentColumn(k -> {
            var delete = new Button(getTranslation("sshkeys.delete"), e -> {
                keys.deleteOwn(k.id(), AuditSource.UI);
                refresh();
            });
            delete.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            return delete;
        });
        refresh();
        add(new H2(getTranslation("sshkeys.title")), new Paragraph(getTranslation("sshkeys.intro")), form, error, grid);
    }

    private void refresh() {
        grid.setItems(keys.listOwn());
    }

    @Override
    public String getPageTitle() {
        return getTranslation("sshkeys.title") + " · Vireo";
    }
}
