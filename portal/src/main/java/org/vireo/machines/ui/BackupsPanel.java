package org.vireo.machines.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.timepicker.TimePicker;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.function.Consumer;
import org.vireo.audit.AuditSource;
import org.vireo.base.Feedback;
import org.vireo.base.Why;
import org.vireo.machines.Backup;
import org.vireo.machines.BackupRestores;
import org.vireo.machines.BackupSchedule;
import org.vireo.machines.BackupSchedules;
import org.vireo.machines.Machine;
import org.vireo.machines.MachineAction;
import org.vireo.machines.MachineBackups;

/** A machine's backups: take one now (running or stopped), restore one onto the stopped machine, delete one. */
class BackupsPanel extends VerticalLayout {
    private static final String DEFAULT_ZONE = "Europe/Berlin";
    private final MachineBackups backups;
    private final BackupSchedules schedules;
    private final BackupRestores restores;
    private final Machine machine;
    private final Consumer<Machine> changed;
    private final DateTimeFormatter format;

    BackupsPanel(
            MachineBackups backups,
            BackupSchedules schedules,
            BackupRestores restores,
            Machine machine,
            DateTimeFormatter format,
            Consumer<Machine> changed) {
        this.backups = backups;
        this.schedules = schedules;
        this.restores = restores;
        this.format = format;
        this.machine = machine;
        this.changed = changed;
        setPadding(false);
        setId("backups-panel");
        boolean available = backups.available(machine);
        String whyNotTake = !available
                ? getTranslation("machines.backup-unavailable")
                : MachineAction.BACKUP.allowedIn(machine.state())
                        ? null
                        : getTranslation(
                                "machines.action.not-now",
                                getTranslation(
                                        "machines.state." + machine.state().name()));
        String whyNotRestore =
                MachineAction.RESTORE.allowedIn(machine.state()) ? null : getTranslation("backups.restore.stop-first");
        var take = new Button(getTranslation("backups.take"), e -> take());
        take.setId("take-backup");
        var grid = new Grid<Backup>();
        grid.setId("backups");
        grid.addColumn(b -> format.format(b.createdAt())).setHeader(getTranslation("backups.created"));
        grid.addColumn(b -> getTranslation(b.whole() ? "backups.kind.whole" : "backups.kind.incremental"))
                .setHeader(getTranslation("backups.kind"));
        grid.addColumn(b -> getTranslation("backups.state." + b.state().name().toLowerCase(Locale.ROOT)
                        + (b.failure() == Backup.Failure.TARGET_FULL ? ".target-full" : "")))
                .setHeader(getTranslation("backups.state"));
        grid.addColumn(b -> b.state() == Backup.State.DONE ? size(b.storedBytes()) : "")
                .setHeader(getTranslation("backups.size"));
        grid.addColumn(b -> b.state() != Backup.State.DONE ? "" : getTranslation(how(b)))
                .setHeader(getTranslation("backups.how"));
        grid.addComponentColumn(b -> {
                    var row = new HorizontalLayout();
                    if (b.state() == Backup.State.DONE) {
                        var restore = new Button(getTranslation("backups.restore"), e -> confirmRestore(b, format));
                        restore.addClassName("restore-backup");
                        row.add(Why.wrap(restore, whyNotRestore));
                        var asNew = new Button(getTranslation("backups.restore-as-new"), e -> asNewDialog(b));
                        asNew.addClassName("restore-backup-as-new");
                        row.add(asNew);
                    }
                    if (b.state() != Backup.State.RUNNING) {
                        var delete = new Button(getTranslation("backups.delete"), e -> confirmDelete(b, format));
                        delete.addClassName("delete-backup");
                        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
                        row.add(delete);
                    }
                    return row;
                })
                .setHeader(getTranslation("machines.actions"));
        grid.setItems(backups.list(machine.id()));
        grid.setAllRowsVisible(true);
        var hint = new Span(getTranslation("backups.hint"));
        hint.addClassName("vireo-hint");
        add(new HorizontalLayout(new H3(getTranslation("backups.title")), Why.wrap(take, whyNotTake)), hint, grid);
        add(schedulesPart(available));
    }

    /** The machine's schedules: when, how many kept, the next time; add and delete. */
    private VerticalLayout schedulesPart(boolean available) {
        var part = new VerticalLayout();
        part.setPadding(false);
        var add = new Button(getTranslation("backups.schedule.add"), e -> addDialog());
        add.setId("add-backup-schedule");
        var grid = new Grid<BackupSchedule>();
        grid.setId("backup-schedules");
        grid.addColumn(this::when).setHeader(getTranslation("backups.schedule.when"));
        grid.addColumn(BackupSchedule::retention).setHeader(getTranslation("backups.schedule.retention"));
        grid.addColumn(s -> format.format(s.nextRunAt())).setHeader(getTranslation("backups.schedule.next"));
        grid.addComponentColumn(s -> {
                    var delete = new Button(getTranslation("backups.schedule.delete"), e -> {
                        try {
                            schedules.delete(machine.id(), s.id(), AuditSource.UI);
                            Feedback.success(this, "backups.schedule.deleted");
                            changed.accept(machine);
                        } catch (RuntimeException ex) {
                            Feedback.error(this, ex);
                        }
                    });
                    delete.addClassName("delete-backup-schedule");
                    delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
                    return delete;
                })
                .setHeader(getTranslation("machines.actions"));
        var list = schedules.list(machine.id());
        grid.setItems(list);
        grid.setAllRowsVisible(true);
        part.add(new HorizontalLayout(
                new H4(getTranslation("backups.schedules")),
                Why.wrap(add, available ? null : getTranslation("machines.backup-unavailable"))));
        if (list.isEmpty()) {
            part.add(new Span(getTranslation("backups.schedule.none")));
        } else {
            part.add(grid);
        }
        return part;
    }

    private String when(BackupSchedule s) {
        String day = s.dayOfWeek() == null ? "" : s.dayOfWeek().getDisplayName(TextStyle.FULL, getLocale());
        return getTranslation(
                s.frequency() == BackupSchedule.Frequency.DAILY
                        ? "backups.schedule.when.daily"
                        : "backups.schedule.when.weekly",
                s.time().toString(),
                s.zone().getId(),
                day);
    }

    private void addDialog() {
        var frequency = new Select<BackupSchedule.Frequency>();
        frequency.setId("schedule-frequency");
        frequency.setLabel(getTranslation("backups.schedule.frequency"));
        frequency.setItems(BackupSchedule.Frequency.values());
        frequency.setItemLabelGenerator(
                f -> getTranslation("backups.schedule." + f.name().toLowerCase(Locale.ROOT)));
        frequency.setValue(BackupSchedule.Frequency.DAILY);
        var day = new Select<DayOfWeek>();
        day.setId("schedule-day");
        day.setLabel(getTranslation("backups.schedule.day"));
        day.setItems(DayOfWeek.values());
        day.setItemLabelGenerator(d -> d.getDisplayName(TextStyle.FULL, getLocale()));
        day.setValue(DayOfWeek.SUNDAY);
        day.setVisible(false);
        frequency.addValueChangeListener(e -> day.setVisible(e.getValue() == BackupSchedule.Frequency.WEEKLY));
        var time = new TimePicker(getTranslation("backups.schedule.time"));
        time.setId("schedule-time");
        time.setStep(Duration.ofMinutes(15));
        time.setValue(LocalTime.of(3, 0));
        var zone = new ComboBox<String>(getTranslation("backups.schedule.zone"));
        zone.setId("schedule-zone");
        zone.setItems(ZoneId.getAvailableZoneIds().stream()
                .filter(z -> z.contains("/") || z.equals("UTC"))
                .sorted()
                .toList());
        zone.setValue(DEFAULT_ZONE);
        var retention = new IntegerField(getTranslation("backups.schedule.retention"));
        retention.setId("schedule-retention");
        retention.setMin(1);
        retention.setMax(100);
        retention.setStepButtonsVisible(true);
        retention.setValue(7);
        var form = new Feedback.Form(this, "schedule-error")
                .field("time", time)
                .field("zone", zone)
                .field("retention", retention);
        var d = new Dialog(new VerticalLayout(frequency, day, time, zone, retention), form.errorLine());
        d.setHeaderTitle(getTranslation("backups.schedule.add.title", machine.name()));
        var save = new Button(getTranslation("backups.schedule.add"), e -> {
            String[] next = {""};
            form.submit(
                    () -> {
                        var s = schedules.add(
                                machine.id(),
                                new BackupSchedules.NewSchedule(
                                        frequency.getValue().name(),
                                        day.getValue() == null
                                                ? null
                                                : day.getValue().name(),
                                        time.getValue() == null
                                                ? null
                                                : time.getValue().toString(),
                                        zone.getValue(),
                                        retention.getValue()),
                                AuditSource.UI);
                        next[0] = format.format(s.nextRunAt());
                        return s;
                    },
                    s -> {
                        d.close();
                        Feedback.success(this, "backups.schedule.added", next[0]);
                        changed.accept(machine);
                    },
                    null);
        });
        save.setId("schedule-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(new Button(getTranslation("action.cancel"), e -> d.close()), save);
        d.open();
    }

    private static String how(Backup b) {
        return !b.live() ? "backups.taken.stopped" : b.frozen() ? "backups.taken.frozen" : "backups.taken.live";
    }

    private String size(long bytes) {
        if (bytes < (1L << 30)) {
            return getTranslation("unit.mib", Math.max(1, Math.round(bytes / 1048576.0)));
        }
        return getTranslation("unit.gib", String.format(getLocale(), "%.1f", bytes / 1073741824.0));
    }

    private void take() {
        try {
            backups.backup(machine.id(), AuditSource.UI);
            Feedback.success(this, "backups.started", machine.name());
            changed.accept(machine);
        } catch (RuntimeException ex) {
            Feedback.error(this, ex);
        }
    }

    private void confirmRestore(Backup b, DateTimeFormatter format) {
        Feedback.confirm(
                this,
                getTranslation("backups.restore.title", format.format(b.createdAt())),
                getTranslation("backups.restore.text"),
                getTranslation("backups.restore"),
                "confirm-restore",
                true,
                () -> {
                    try {
                        var m = restores.restore(machine.id(), b.id(), AuditSource.UI);
                        Feedback.success(this, "backups.restored", format.format(b.createdAt()));
                        changed.accept(m);
                    } catch (RuntimeException ex) {
                        Feedback.error(this, ex);
                    }
                });
    }

    private void asNewDialog(Backup b) {
        var name = new TextField(getTranslation("machines.name"));
        name.setId("restore-name");
        name.setValue(machine.name() + "-restored");
        var form = new Feedback.Form(this, "restore-error").field("name", name);
        var d = new Dialog(new Span(getTranslation("backups.restore-as-new.text")), name, form.errorLine());
        d.setHeaderTitle(getTranslation("backups.restore-as-new.title", format.format(b.createdAt())));
        var save = new Button(
                getTranslation("backups.restore-as-new"),
                e -> form.submit(
                        () -> restores.restoreAsNew(machine.id(), b.id(), name.getValue(), AuditSource.UI),
                        m -> {
                            d.close();
                            changed.accept(machine);
                        },
                        "backups.restored-as-new",
                        name.getValue()));
        save.setId("restore-as-new-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(new Button(getTranslation("action.cancel"), e -> d.close()), save);
        d.open();
        name.focus();
    }

    private void confirmDelete(Backup b, DateTimeFormatter format) {
        Feedback.confirm(
                this,
                getTranslation("backups.delete.title", format.format(b.createdAt())),
                getTranslation("backups.delete.text"),
                getTranslation("backups.delete"),
                "confirm-delete-backup",
                true,
                () -> {
                    try {
                        backups.delete(machine.id(), b.id(), AuditSource.UI);
                        Feedback.success(this, "backups.deleted", format.format(b.createdAt()));
                        changed.accept(machine);
                    } catch (RuntimeException ex) {
                        Feedback.error(this, ex);
                    }
                });
    }
}
