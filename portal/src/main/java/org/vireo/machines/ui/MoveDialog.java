package org.vireo.machines.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.select.Select;
import java.util.List;
import java.util.function.Consumer;
import org.vireo.audit.AuditSource;
import org.vireo.base.Feedback;
import org.vireo.hosts.Host;
import org.vireo.machines.Machine;
import org.vireo.machines.MachineMigrations;

/**
 * Operators move a machine to another host: the hosts other than its own, the move started in the background (the
 * machine's state detail shows its progress), a refusal with its reason in the dialog.
 */
final class MoveDialog {
    private MoveDialog() {}

    static void open(
            Component view,
            Machine machine,
            List<Host> hosts,
            MachineMigrations migrations,
            Consumer<Machine> started) {
        var target = new Select<Host>();
        target.setId("migrate-host");
        target.setLabel(view.getTranslation("machines.migrate.host"));
        target.setItems(
                hosts.stream().filter(h -> !h.id().equals(machine.hostId())).toList());
        target.setItemLabelGenerator(
                h -> h.maintenance() ? view.getTranslation("machines.migrate.host-maintenance", h.name()) : h.name());
        var form = new Feedback.Form(view, "migrate-error").field("hostId", target);
        var d = new Dialog(target, form.errorLine());
        d.setHeaderTitle(view.getTranslation("machines.migrate.title", machine.name()));
        var start = new Button(
                view.getTranslation("machines.migrate.start"),
                e -> form.submit(
                        () -> migrations.migrate(
                                machine.id(),
                                target.getValue() == null
                                        ? null
                                        : target.getValue().id(),
                                AuditSource.UI),
                        m -> {
                            d.close();
                            started.accept(m);
                        },
                        "machines.migrate.started",
                        machine.name()));
        start.setId("migrate-start");
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(new Button(view.getTranslation("action.cancel"), e -> d.close()), start);
        d.open();
    }
}
