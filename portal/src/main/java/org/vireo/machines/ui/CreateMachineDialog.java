package org.vireo.machines.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import java.util.HashSet;
import java.util.UUID;
import org.vireo.audit.AuditSource;
import org.vireo.base.Background;
import org.vireo.base.ErrorTexts;
import org.vireo.base.InvalidInputException;
import org.vireo.machines.CreateMachine;
import org.vireo.machines.MachineService;
import org.vireo.quotas.QuotaService;
import org.vireo.quotas.QuotaView;
import org.vireo.quotas.Resources;
import org.vireo.security.SshKey;
import org.vireo.security.SshKeyService;
import org.vireo.templates.Template;
import org.vireo.templates.TemplateService;

/**
 * Create a machine: template defaults prefilled, and a preview of what it costs against the quota that names the
 * limit a create would exceed. The service checks again, atomically, when the create runs.
 */
class CreateMachineDialog extends Dialog {
    private final TextField name = new TextField();
    private final Select<Template> template = new Select<>();
    private final IntegerField vcpus = new IntegerField();
    private final IntegerField memory = new IntegerField();
    private final IntegerField disk = new IntegerField();
    private final Checkbox start = new Checkbox();
    private final CheckboxGroup<SshKey> keys = new CheckboxGroup<>();
    private final Checkbox password = new Checkbox();
    private final Checkbox publicIpv4 = new Checkbox();
    private final TextArea userData = new TextArea();
    private final Paragraph preview = new Paragraph();
    private final Paragraph error = new Paragraph();
    private final Button create = new Button();
    private final QuotaView quota;

    CreateMachineDialog(
            MachineService machines,
            TemplateService templates,
            QuotaService quotas,
            SshKeyService sshKeys,
            UUID tenantId,
            Runnable onCreated) {
        setId("create-machine-dialog");
        setHeaderTitle(getTranslation("machines.create.title"));
        quota = quotas.view(tenantId);
        name.setId("machine-name");
        name.setLabel(getTranslation("machines.name"));
        name.setHelperText(getTranslation("validation.name"));
        name.setMaxLength(63);
        name.setRequired(true);
        name.setAutofocus(true);
        addOpenedChangeListener(e -> {
            if (e.isOpened()) {
                name.focus();
            }
        });
        template.setId("machine-template");
        template.setLabel(getTranslation("machines.template"));
        template.setItemLabelGenerator(Template::name);
        template.setItems(templates.list());
        vcpus.setId("machine-vcpus");
        vcpus.setLabel(getTranslation("machines.vcpus"));
        vcpus.setStepButtonsVisible(true);
        memory.setId("machine-memory");
        memory.setLabel(getTranslation("machines.memory-mib"));
        memory.setStep(128);
        disk.setId("machine-disk");
        disk.setLabel(getTranslation("machines.disk-gib"));
        disk.setStepButtonsVisible(true);
        start.setId("machine-start");
        start.setLabel(getTranslation("machines.start-after-create"));
        start.setValue(true);
        // Cloud-init templates only: which of the caller's keys, a generated password, the tenant's own YAML.
        var ownKeys = sshKeys.listOwn();
        keys.setId("machine-ssh-keys");
        keys.setLabel(getTranslation("machines.create.ssh-keys"));
        keys.setItems(ownKeys);
        keys.setItemLabelGenerator(k -> k.name() + " (" + k.fingerprint() + ")");
        keys.setValue(new HashSet<>(ownKeys));
        keys.setHelperText(ownKeys.isEmpty() ? getTranslation("machines.create.no-ssh-keys") : null);
        password.setId("machine-password");
        userData.setId("machine-user-data");
        userData.setLabel(getTranslation("machines.create.user-data"));
        userData.setPlaceholder("#cloud-config");
        userData.setHelperText(getTranslation("machines.create.user-data-help"));
        userData.setMaxLength(32 * 1024);
        preview.setId("quota-preview");
        error.setId("create-error");
        error.addClassName("vireo-error");

        template.addValueChangeListener(e -> {
            var t = e.getValue();
            if (t != null) {
                vcpus.setValue(t.vcpus());
                vcpus.setMin(t.minVcpus());
                memory.setValue(t.memoryMiB());
                memory.setMin(t.minMemoryMiB());
                disk.setValue(t.diskGiB());
                disk.setMin(t.minDiskGiB());
            }
            boolean cloudInit = t != null && t.cloudInit();
            keys.setVisible(cloudInit);
            userData.setVisible(cloudInit);
            password.setVisible(cloudInit && t.defaultUser() != null);
            password.setLabel(
                    t == null || t.defaultUser() == null
                            ? ""
                            : getTranslation("machines.create.password", t.defaultUser()));
            updatePreview();
        });
        for (var f : new IntegerField[] {vcpus, memory, disk}) {
            f.setValueChangeMode(ValueChangeMode.EAGER);
        }
        vcpus.addValueChangeListener(e -> updatePreview());
        memory.addValueChangeListener(e -> updatePreview());
        disk.addValueChangeListener(e -> updatePreview());
        templates.list().stream().findFirst().ifPresent(template::setValue);

        publicIpv4.setLabel(getTranslation("machines.create.public-ipv4"));
        publicIpv4.setId("create-machine-public-ipv4");
        var form = new FormLayout(name, template, vcpus, memory, disk, start, publicIpv4, keys, password, userData);
        form.setColspan(keys, 2);
        form.setColspan(userData, 2);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("30em", 2));
        add(form, preview, error);

        create.setText(getTranslation("machines.create.submit"));
        create.setId("create-machine-submit");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(e -> {
            error.setText("");
            name.setInvalid(false);
            userData.setInvalid(false);
            create.setEnabled(false);
            create.setText(getTranslation("machines.create.running"));
            var t = template.getValue();
            boolean cloudInit = t != null && t.cloudInit();
            var cmd = new CreateMachine(
                    name.getValue(),
                    t == null ? null : t.id(),
                    vcpus.getValue(),
                    memory.getValue(),
                    disk.getValue(),
                    start.getValue(),
                    null,
                    cloudInit ? keys.getValue().stream().map(SshKey::id).toList() : null,
                    cloudInit ? userData.getValue() : null,
                    cloudInit && password.isVisible() && password.getValue(),
                    publicIpv4.getValue());
            var ui = getUI().orElseThrow();
            Background.run(
                    ui,
                    () -> machines.provision(cmd, AuditSource.UI),
                    (MachineService.Provisioned p) -> {
                        close();
                        onCreated.run();
                        if (p.initialPassword() != null) {
                            new InitialPasswordDialog(p.machine().name(), t.defaultUser(), p.initialPassword()).open();
                        }
                    },
                    ex -> {
                        create.setEnabled(true);
                        create.setText(getTranslation("machines.create.submit"));
                        String text = ErrorTexts.of(this, ex);
                        if (ex instanceof InvalidInputException i && "name".equals(i.field())) {
                            name.setErrorMessage(text);
                            name.setInvalid(true);
                        }
                        if (ex instanceof InvalidInputException i && "userData".equals(i.field())) {
                            userData.setErrorMessage(text);
                            userData.setInvalid(true);
                        }
                        error.setText(text);
                    });
        });
        var cancel = new Button(getTranslation("action.cancel"), e -> close());
        getFooter().add(cancel, create);
    }

    private void updatePreview() {
        var request = new Resources(value(vcpus), value(memory), value(disk), 1);
        var after = quota.used().plus(quota.reserved()).plus(request);
        var limits = quota.limits();
        String text = getTranslation(
                "machines.create.preview",
                after.vcpus(),
                limits.vcpus(),
                after.memoryMiB(),
                limits.memoryMiB(),
                after.diskGiB(),
                limits.diskGiB(),
                after.machines(),
                limits.machines());
        // only what the create adds to (a tenant over its backup or snapshot limit may still create machines)
        var exceeded = after.firstExceeding(limits, request);
        if (exceeded != null) {
            text += " " + getTranslation("machines.create.would-exceed", getTranslation("quotas.resource." + exceeded));
            preview.addClassName("vireo-error");
        } else {
            preview.removeClassName("vireo-error");
        }
        preview.setText(text);
    }

    private static int value(IntegerField f) {
        return f.getValue() == null ? 0 : f.getValue();
    }
}
