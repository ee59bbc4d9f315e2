package org.vireo.machines.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import java.util.function.Consumer;
import org.vireo.audit.AuditSource;
import org.vireo.base.Background;
import org.vireo.base.ErrorTexts;
import org.vireo.machines.Machine;
import org.vireo.machines.MachineRebuilds;
import org.vireo.machines.MachineService;
import org.vireo.templates.Template;
import org.vireo.templates.TemplateService;

/**
 * Asks before a rebuild (the disk and every snapshot go), with the template (the machine's own preselected) and a
 * new generated password for the template's user; runs it off the request thread and shows the password once.
 */
class RebuildDialog extends Dialog {

    RebuildDialog(MachineRebuilds rebuilds, TemplateService templates, Machine machine, Consumer<Machine> done) {
        setId("rebuild-dialog");
        setHeaderTitle(getTranslation("machines.rebuild.title", machine.name()));
        var template = new Select<Template>();
        template.setId("rebuild-template");
        template.setLabel(getTranslation("machines.rebuild.template"));
        template.setItemLabelGenerator(Template::name);
        var ready = templates.list();
        template.setItems(ready);
        ready.stream()
                .filter(t -> t.id().equals(machine.templateId()))
                .findFirst()
                .ifPresent(template::setValue);
        var password = new Checkbox();
        password.setId("rebuild-password");
        template.addValueChangeListener(e -> {
            var t = e.getValue();
            password.setVisible(t != null && t.cloudInit() && t.defaultUser() != null);
            password.setLabel(
                    t == null || t.defaultUser() == null
                            ? ""
                            : getTranslation("machines.create.password", t.defaultUser()));
        });
        var current = template.getValue();
        password.setVisible(current != null && current.cloudInit() && current.defaultUser() != null);
        if (current != null && current.defaultUser() != null) {
            password.setLabel(getTranslation("machines.create.password", current.defaultUser()));
        }
        var error = new Paragraph();
        error.setId("rebuild-error");
        error.addClassName("vireo-error");
        add(new Paragraph(getTranslation("machines.rebuild.text")), template, password, error);
        var confirm = new Button(getTranslation("machines.rebuild.confirm"));
        confirm.setId("rebuild-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        confirm.addClickListener(e -> {
            if (template.getValue() == null) {
                template.setInvalid(true);
                return;
            }
            confirm.setEnabled(false);
            var r = new MachineRebuilds.Rebuild(
                    template.getValue().id(), null, null, password.isVisible() && password.getValue());
            var ui = getUI().orElseThrow();
            Background.run(
                    ui,
                    () -> rebuilds.rebuild(machine.id(), r, AuditSource.UI),
                    (MachineService.Provisioned p) -> {
                        close();
                        if (p.initialPassword() != null) {
                            new InitialPasswordDialog(
                                            p.machine().name(),
                                            template.getValue().defaultUser(),
                                            p.initialPassword())
                                    .open();
                        }
                        done.accept(p.machine());
                    },
                    ex -> {
                        confirm.setEnabled(true);
                        error.setText(ErrorTexts.of(this, ex));
                    });
        });
        getFooter().add(new Button(getTranslation("action.cancel"), e -> close()), confirm);
    }
}
