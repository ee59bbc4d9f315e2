package org.vireo.machines.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.vireo.audit.AuditSource;
import org.vireo.base.Feedback;
import org.vireo.base.Why;
import org.vireo.machines.Machine;
import org.vireo.machines.MachineAction;
import org.vireo.machines.Snapshot;
import org.vireo.machines.SnapshotService;

/** A machine's disk snapshots: take one (running or stopped), revert to one, delete one. */
class SnapshotsPanel extends VerticalLayout {
    private final SnapshotService snapshots;
    private final Machine machine;
    private final Consumer<Machine> changed;

    SnapshotsPanel(SnapshotService snapshots, Machine machine, DateTimeFormatter format, Consumer<Machine> changed) {
        this.snapshots = snapshots;
        this.machine = machine;
        this.changed = changed;
        setPadding(false);
        setId("snapshots-panel");
        String why = MachineAction.SNAPSHOT.allowedIn(machine.state())
                ? null
                : getTranslation(
                        "machines.action.not-now",
                        getTranslation("machines.state." + machine.state().name()));
        var take = new Button(getTranslation("snapshots.take"), e -> takeDialog());
        take.setId("take-snapshot");
        var grid = new Grid<Snapshot>();
        grid.setId("snapshots");
        grid.addColumn(Snapshot::name).setHeader(getTranslation("snapshots.name"));
        grid.addColumn(s -> format.format(s.createdAt())).setHeader(getTranslation("snapshots.created"));
        grid.addColumn(s -> getTranslation("unit.gib", s.diskGiB())).setHeader(getTranslation("snapshots.counts"));
        grid.addComponentColumn(s -> {
                    var revert = new Button(getTranslation("snapshots.revert"), e -> confirmRevert(s));
                    revert.addClassName("revert-snapshot");
                    var delete = new Button(getTranslation("snapshots.delete"), e -> confirmDelete(s));
                    delete.addClassName("delete-snapshot");
                    delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
                    return new HorizontalLayout(Why.wrap(revert, why), Why.wrap(delete, why));
                })
                .setHeader(getTranslation("machines.actions"));
        grid.setItems(snapshots.list(machine.id()));
        grid.setAllRowsVisible(true);
        var hint = new Span(getTranslation("snapshots.hint"));
        hint.addClassName("vireo-hint");
        add(new HorizontalLayout(new H3(getTranslation("snapshots.title")), Why.wrap(take, why)), hint, grid);
    }

    private void takeDialog() {
        var name = new TextField(getTranslation("snapshots.name"));
        name.setId("snapshot-name");
        name.focus();
        var form = new Feedback.Form(this, "snapshot-error").field("name", name);
        var d = new Dialog(name, form.errorLine());
        d.setHeaderTitle(getTranslation("snapshots.take.title", machine.name()));
        var save = new Button(
                getTranslation("snapshots.take"),
                e -> form.submit(
                        () -> snapshots.take(machine.id(), name.getValue(), AuditSource.UI),
                        s -> {
                            d.close();
                            changed.accept(machine);
                        },
                        "snapshots.taken",
                        name.getValue()));
        save.setId("snapshot-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER).listenOn(d).resetFocusOnActiveElement();
        d.getFooter().add(new Button(getTranslation("action.cancel"), e -> d.close()), save);
        d.open();
    }

    private void confirmRevert(Snapshot s) {
        Feedback.confirm(
                this,
                getTranslation("snapshots.revert.title", s.name()),
                getTranslation("snapshots.revert.text"),
                getTranslation("snapshots.revert"),
                "confirm-revert",
                true,
                () -> run(() -> snapshots.revert(machine.id(), s.id(), AuditSource.UI), "snapshots.reverted", s));
    }

    private void confirmDelete(Snapshot s) {
        Feedback.confirm(
                this,
                getTranslation("snapshots.delete.title", s.name()),
                getTranslation("snapshots.delete.text"),
                getTranslation("snapshots.delete"),
                "confirm-delete-snapshot",
                true,
                () -> run(
                        () -> {
                            snapshots.delete(machine.id(), s.id(), AuditSource.UI);
                            return machine;
                        },
                        "snapshots.deleted",
                        s));
    }

    private void run(Supplier<Machine> action, String successKey, Snapshot s) {
        try {
            var m = action.get();
            Feedback.success(this, successKey, s.name());
            changed.accept(m);
        } catch (RuntimeException ex) {
            Feedback.error(this, ex);
        }
    }
}
