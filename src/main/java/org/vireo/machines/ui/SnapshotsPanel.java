package org.vireo.machines.ui;

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
import org.vireo.audit.AuditSource;
import org.vireo.base.ErrorTexts;
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
        boolean allowed = MachineAction.SNAPSHOT.allowedIn(machine.state());
        var take = new Button(getTranslation("snapshots.take"), e -> takeDialog());
        take.setId("take-snapshot");
        take.setEnabled(allowed);
        var grid = new Grid<Snapshot>();
        grid.setId("snapshots");
        grid.addColumn(Snapshot::name).setHeader(getTranslation("snapshots.name"));
        grid.addColumn(s -> format.format(s.createdAt())).setHeader(getTranslation("snapshots.created"));
        grid.addColumn(s -> getTranslation("unit.gib", s.diskGiB())).setHeader(getTranslation("snapshots.counts"));
        grid.addComponentColumn(s -> {
            var revert = new Button(getTranslation("snapshots.revert"), e -> confirmRevert(s));
            revert.addClassName("revert-snapshot");
            revert.setEnabled(allowed);
            var delete = new Button(getTranslation("snapshots.delete"), e -> run(() -> {
                snapshots.delete(machine.id(), s.id(), AuditSource.UI);
                return machine;
            }));
            delete.addClassName("delete-snapshot");
            delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
            delete.setEnabled(allowed);
            return new HorizontalLayout(revert, delete);
        });
        grid.setItems(snapshots.list(machine.id()));
        grid.setAllRowsVisible(true);
        var hint = new Span(getTranslation("snapshots.hint"));
        hint.addClassName("vireo-hint");
        add(new HorizontalLayout(new H3(getTranslation("snapshots.title")), take), hint, grid);
    }

    private void takeDialog() {
        var name = new TextField(getTranslation("snapshots.name"));
        name.setId("snapshot-name");
        name.focus();
        var error = new Span();
        error.setId("snapshot-error");
        error.addClassName("vireo-error");
        var d = new Dialog(name, error);
        d.setHeaderTitle(getTranslation("snapshots.take.title", machine.name()));
        var save = new Button(getTranslation("snapshots.take"), e -> {
            try {
                snapshots.take(machine.id(), name.getValue(), AuditSource.UI);
                d.close();
                changed.accept(machine);
            } catch (RuntimeException ex) {
                error.setText(ErrorTexts.of(this, ex));
            }
        });
        save.setId("snapshot-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(new Button(getTranslation("action.cancel"), e -> d.close()), save);
        d.open();
    }

    private void confirmRevert(Snapshot s) {
        MachineTexts.confirm(this, getTranslation("snapshots.revert.title", s.name()),
                getTranslation("snapshots.revert.text"), getTranslation("snapshots.revert"), "confirm-revert",
                () -> run(() -> snapshots.revert(machine.id(), s.id(), AuditSource.UI)));
    }

    private void run(java.util.function.Supplier<Machine> action) {
        try {
            changed.accept(action.get());
        } catch (RuntimeException ex) {
            MachineTexts.notifyError(this, ex);
        }
    }
}
