package org.vireo.templates.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.component.upload.UploadI18N;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.PermitAll;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import org.vireo.audit.AuditSource;
import org.vireo.base.Feedback;
import org.vireo.base.InvalidInputException;
import org.vireo.security.Roles;
import org.vireo.templates.ImageImports;
import org.vireo.templates.IsoTenants;
import org.vireo.templates.Template;
import org.vireo.templates.TemplateService;
import org.vireo.templates.TemplateStatus;
import org.vireo.tenants.Tenant;
import org.vireo.tenants.TenantService;

/** Templates machines can be created from. */
@Route("templates")
@PermitAll
@Menu(order = 20, title = "nav.templates", icon = "vaadin:package")
class TemplatesView extends VerticalLayout implements HasDynamicTitle {

    private final TemplateService templates;
    private final Grid<Template> grid = new Grid<>();
    /** Operators: the ISO library apart (no sizes: an ISO is no disk). */
    private final Grid<Template> isoGrid = new Grid<>();

    private final AuthenticationContext auth;
    private Registration poll;

    private final IsoTenants isoTenants;
    private final TenantService tenants;

    TemplatesView(
            TemplateService templates,
            ImageImports imports,
            AuthenticationContext auth,
            IsoTenants isoTenants,
            TenantService tenants) {
        this.templates = templates;
        this.isoTenants = isoTenants;
        this.tenants = tenants;
        this.auth = auth;
        setId("templates-view");
        setSizeFull();
        grid.setId("templates-grid");
        grid.addColumn(Template::name)
                .setHeader(getTranslation("templates.name"))
                .setFlexGrow(3);
        grid.addColumn(t -> getTranslation("templates.kind." + t.kind().name()))
                .setHeader(getTranslation("templates.kind"));
        grid.addColumn(Template::vcpus).setHeader(getTranslation("templates.vcpus"));
        grid.addColumn(t -> getTranslation("unit.mib", t.memoryMiB())).setHeader(getTranslation("templates.memory"));
        grid.addColumn(t -> getTranslation("unit.gib", t.diskGiB())).setHeader(getTranslation("templates.disk"));
        grid.addColumn(this::status)
                .setHeader(getTranslation("templates.status"))
                .setFlexGrow(2);
        refresh();
        add(new H2(getTranslation("templates.title")));
        boolean operator = auth.hasRole(Roles.ADMIN);
        if (operator) {
            grid.addComponentColumn(t -> {
                        var delete = new Button(
                                getTranslation("templates.delete"),
                                e -> Feedback.confirm(
                                        this,
                                        getTranslation("templates.delete.title", t.name()),
                                        getTranslation("templates.delete.text"),
                                        getTranslation("templates.delete"),
                                        "confirm-delete-template",
                                        true,
                                        () -> {
                                            try {
                                                templates.delete(t.id(), AuditSource.UI);
                                                refresh();
                                                Feedback.success(this, "templates.deleted", t.name());
                                            } catch (RuntimeException ex) {
                                                Feedback.error(this, ex);
                                            }
                                        }));
                        delete.addThemeVariants(
                                ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
                        delete.addClassName("delete-template");
                        return delete;
                    })
                    .setHeader(getTranslation("machines.actions"))
                    .setAutoWidth(true)
                    .setFlexGrow(0);
            var name = new TextField(getTranslation("templates.name"));
            name.setId("template-name");
            var path = new TextField(getTranslation("templates.image-path"));
            path.setId("template-image");
            path.setHelperText(getTranslation("templates.image-path.help", templates.templateDirectory()));
            var vcpus = new IntegerField(getTranslation("templates.default-vcpus"));
            vcpus.setId("template-vcpus");
            vcpus.setValue(1);
            vcpus.setStepButtonsVisible(true);
            var memory = new IntegerField(getTranslation("templates.default-memory"));
            memory.setId("template-memory");
            memory.setValue(512);
            memory.setStep(128);
            var disk = new IntegerField(getTranslation("templates.default-disk"));
            disk.setId("template-disk");
            disk.setHelperText(getTranslation("templates.default-disk.help"));
            var cloudInit = new Checkbox(getTranslation("templates.cloud-init"));
            var form = new Feedback.Form(this, "template-error")
                    .field("name", name)
                    .field("imagePath", path)
                    .field("vcpus", vcpus)
                    .field("memoryMiB", memory)
                    .field("diskGiB", disk);
            var register = new Button(
                    getTranslation("templates.register"),
                    e -> form.submit(
                            () -> {
                                Path image;
                                try {
                                    image = Path.of(path.getValue());
                                } catch (InvalidPathException ex) {
                                    throw new InvalidInputException("imagePath", "templates.file-missing");
                                }
                                return templates.registerImage(
                                        name.getValue(),
                                        image,
                                        vcpus.getValue(),
                                        memory.getValue(),
                                        disk.getValue(),
                                        cloudInit.getValue(),
                                        AuditSource.UI);
                            },
                            t -> refresh(),
                            "templates.registered",
                            name.getValue()));
            register.setId("register-template");
            register.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            var fields = new FormLayout(name, path, vcpus, memory, disk, cloudInit);
            fields.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("40em", 3));
            fields.setColspan(path, 2);
            // Or import from a URL (progress in the list) or upload an image (the component shows the transfer).
            var url = new TextField(getTranslation("templates.url"));
            url.setId("template-url");
            var sha256 = new TextField(getTranslation("templates.sha256"));
            sha256.setId("template-sha256");
            var format = new Select<String>();
            format.setId("template-format");
            format.setLabel(getTranslation("templates.format"));
            format.setItems("", "qcow2", "raw", "iso");
            format.setItemLabelGenerator(f -> f.isEmpty() ? getTranslation("templates.format.auto") : f);
            format.setValue("");
            var importForm = new Feedback.Form(this, "template-import-error")
                    .field("name", name)
                    .field("url", url)
                    .field("sha256", sha256)
                    .field("vcpus", vcpus)
                    .field("memoryMiB", memory)
                    .field("diskGiB", disk);
            var importButton = new Button(
                    getTranslation("templates.import"),
                    e -> importForm.submit(
                            () -> imports.start(
                                    new ImageImports.ImportRequest(
                                            name.getValue(),
                                            url.getValue(),
                                            sha256.getValue(),
                                            format.getValue(),
                                            vcpus.getValue(),
                                            memory.getValue(),
                                            disk.getValue(),
                                            cloudInit.getValue(),
                                            null,
                                            null),
                                    AuditSource.UI),
                            t -> refresh(),
                            "templates.import.started",
                            name.getValue()));
            importButton.setId("import-template");
            var importFields = new FormLayout(url, sha256, format);
            importFields.setResponsiveSteps(
                    new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("40em", 3));
            var upload = new Upload();
            upload.setId("template-upload");
            upload.setMaxFileSize(Integer.MAX_VALUE);
            upload.setAcceptedFileTypes(".qcow2", ".raw", ".img", ".iso");
            upload.setI18n(uploadTexts());
            upload.setDropLabel(new Span(getTranslation("templates.upload")));
            var ui = UI.getCurrent();
            upload.setUploadHandler(event -> {
                String file = event.getFileName();
                String label =
                        name.getValue().isBlank() ? file.replaceAll("\\.(qcow2|raw|img|iso)$", "") : name.getValue();
                String claimed = file.endsWith(".qcow2")
                        ? "qcow2"
                        : file.endsWith(".raw") ? "raw" : file.endsWith(".iso") ? "iso" : null;
                Template started = null;
                try {
                    started = imports.start(
                            new ImageImports.ImportRequest(
                                    label,
                                    null,
                                    null,
                                    claimed,
                                    vcpus.getValue(),
                                    memory.getValue(),
                                    disk.getValue(),
                                    cloudInit.getValue(),
                                    null,
                                    null),
                            AuditSource.UI);
                    imports.receive(started.id(), event.getInputStream(), event.getFileSize(), AuditSource.UI);
                    ui.access(() -> {
                        form.errorLine().setText("");
                        refresh();
                        Feedback.success(this, "templates.registered", label);
                    });
                } catch (RuntimeException ex) {
                    if (started != null) {
                        templates.delete(started.id(), AuditSource.UI); // refused here: nothing stays
                    }
                    ui.access(() -> {
                        refresh();
                        form.show(ex);
                    });
                }
            });
            addAttachListener(e -> {
                e.getUI().setPollInterval(2000); // imports' progress
                poll = e.getUI().addPollListener(p -> {
                    if (grid.getListDataView().getItems().anyMatch(t -> t.status() == TemplateStatus.IMPORTING)) {
                        refresh();
                    }
                });
            });
            addDetachListener(e -> {
                poll.remove();
                e.getUI().setPollInterval(-1);
            });
            add(
                    fields,
                    new HorizontalLayout(register),
                    form.errorLine(),
                    importFields,
                    new HorizontalLayout(importButton),
                    importForm.errorLine(),
                    upload);
        }
        add(grid);
        if (operator) {
            isoGrid.setId("isos-grid");
            isoGrid.addColumn(Template::name)
                    .setHeader(getTranslation("templates.name"))
                    .setFlexGrow(3);
            isoGrid.addColumn(this::status)
                    .setHeader(getTranslation("templates.status"))
                    .setFlexGrow(2);
            isoGrid.addColumn(this::shownTo)
                    .setHeader(getTranslation("isos.visible-to"))
                    .setFlexGrow(2);
            isoGrid.addComponentColumn(t -> {
                        var visibility = new Button(getTranslation("isos.visibility"), e -> editShownTo(t));
                        visibility.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
                        visibility.addClassName("iso-tenants");
                        var delete = new Button(
                                getTranslation("templates.delete"),
                                e -> Feedback.confirm(
                                        this,
                                        getTranslation("isos.delete.title", t.name()),
                                        getTranslation("isos.delete.text"),
                                        getTranslation("templates.delete"),
                                        "confirm-delete-iso",
                                        true,
                                        () -> {
                                            try {
                                                templates.delete(t.id(), AuditSource.UI);
                                                refresh();
                                                Feedback.success(this, "isos.deleted", t.name());
                                            } catch (RuntimeException ex) {
                                                Feedback.error(this, ex);
                                            }
                                        }));
                        delete.addThemeVariants(
                                ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
                        delete.addClassName("delete-iso");
                        return new HorizontalLayout(visibility, delete);
                    })
                    .setHeader(getTranslation("machines.actions"))
                    .setAutoWidth(true)
                    .setFlexGrow(0);
            isoGrid.setAllRowsVisible(true);
            add(new H2(getTranslation("isos.title")), isoGrid);
            refresh();
        }
    }

    /** Templates, and for operators the ISO library apart. */
    private void refresh() {
        grid.setItems(templates.list());
        if (auth.hasRole(Roles.ADMIN)) {
            isoGrid.setItems(templates.isos());
        }
    }

    private String shownTo(Template t) {
        return isoTenants
                .shownTo(t.id())
                .map(ids -> ids.isEmpty()
                        ? getTranslation("isos.visible.none")
                        : ids.size() <= 3
                                ? String.join(
                                        ", ",
                                        tenants.names(ids).values().stream()
                                                .sorted()
                                                .toList())
                                : getTranslation("isos.visible.count", ids.size()))
                .orElse(getTranslation("isos.visible.all"));
    }

    /** All tenants, or the chosen ones: the operator picks; machines that have it keep it. */
    private void editShownTo(Template iso) {
        var dialog = new Dialog();
        dialog.setHeaderTitle(getTranslation("isos.visibility.title", iso.name()));
        var mode = new RadioButtonGroup<Boolean>();
        mode.setId("iso-tenants-mode");
        mode.setLabel(getTranslation("isos.visible-to"));
        mode.setItems(false, true);
        mode.setItemLabelGenerator(chosen -> getTranslation(chosen ? "isos.visible.chosen" : "isos.visible.all"));
        var pick = new MultiSelectComboBox<Tenant>(getTranslation("isos.visibility.tenants"));
        pick.setId("iso-tenants");
        var all = tenants.list();
        pick.setItems(all);
        pick.setItemLabelGenerator(
                tn -> tn.displayName() == null || tn.displayName().isBlank()
                        ? tn.name()
                        : tn.displayName() + " (" + tn.name() + ")");
        pick.setWidthFull();
        var shown = isoTenants.shownTo(iso.id());
        mode.setValue(shown.isPresent());
        shown.ifPresent(ids ->
                pick.setValue(all.stream().filter(tn -> ids.contains(tn.id())).toList()));
        pick.setEnabled(shown.isPresent());
        mode.addValueChangeListener(e -> pick.setEnabled(Boolean.TRUE.equals(e.getValue())));
        var save = new Button(getTranslation("isos.visibility.save"), e -> {
            try {
                isoTenants.show(
                        iso.id(),
                        Boolean.TRUE.equals(mode.getValue())
                                ? pick.getValue().stream().map(Tenant::id).toList()
                                : null,
                        AuditSource.UI);
                dialog.close();
                refresh();
                Feedback.success(this, "isos.visibility.saved", iso.name());
            } catch (RuntimeException ex) {
                Feedback.error(this, ex);
            }
        });
        save.setId("save-iso-tenants");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        var cancel = new Button(getTranslation("action.cancel"), e -> dialog.close());
        dialog.add(new VerticalLayout(mode, pick, new Span(getTranslation("isos.visibility.kept"))));
        dialog.getFooter().add(cancel, save);
        dialog.open();
    }

    private String status(Template t) {
        return switch (t.status()) {
            case IMPORTING ->
                t.statusDetail() != null
                        ? getTranslation(t.statusDetail())
                        : getTranslation("templates.status.IMPORTING", t.progress());
            case READY -> getTranslation("templates.status.READY");
            case FAILED ->
                getTranslation(
                        "templates.status.FAILED",
                        getTranslation(t.statusDetail(), t.statusArgs().toArray()));
        };
    }

    /** The upload component's own words (button, drop hint, errors) in the user's language. */
    private UploadI18N uploadTexts() {
        var i18n = new UploadI18N();
        i18n.setAddFiles(new UploadI18N.AddFiles()
                .setOne(getTranslation("templates.upload.button"))
                .setMany(getTranslation("templates.upload.button")));
        i18n.setDropFiles(new UploadI18N.DropFiles()
                .setOne(getTranslation("templates.upload.drop"))
                .setMany(getTranslation("templates.upload.drop")));
        i18n.setError(new UploadI18N.Error()
                .setTooManyFiles(getTranslation("templates.upload.too-many"))
                .setFileIsTooBig(getTranslation("templates.upload.too-big"))
                .setIncorrectFileType(getTranslation("templates.upload.wrong-type")));
        i18n.setUploading(new UploadI18N.Uploading()
                .setStatus(new UploadI18N.Uploading.Status()
                        .setConnecting(getTranslation("templates.upload.connecting"))
                        .setStalled(getTranslation("templates.upload.stalled"))
                        .setProcessing(getTranslation("templates.upload.processing"))
                        .setHeld(""))
                .setRemainingTime(new UploadI18N.Uploading.RemainingTime()
                        .setPrefix(getTranslation("templates.upload.remaining"))
                        .setUnknown(getTranslation("templates.upload.remaining-unknown")))
                .setError(new UploadI18N.Uploading.Error()
                        .setServerUnavailable(getTranslation("templates.upload.failed"))
                        .setUnexpectedServerError(getTranslation("templates.upload.failed"))
                        .setForbidden(getTranslation("templates.upload.failed"))));
        i18n.setUnits(new UploadI18N.Units(List.of("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB")));
        return i18n;
    }

    @Override
    public String getPageTitle() {
        return getTranslation("templates.title") + " · Vireo";
    }
}
