package org.vireo.machines.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import org.vireo.audit.AuditSource;
import org.vireo.base.Background;
import org.vireo.base.Feedback;
import org.vireo.base.Why;
import org.vireo.machines.Machine;
import org.vireo.machines.MachineAction;
import org.vireo.machines.MachineAddresses;
import org.vireo.networks.PublicIp;

/**
 * A machine's public addresses: add one (the notification says whether the guest has it now or at its next
 * boot), set an address's reverse DNS name, take one off.
 */
class AddressesPanel extends VerticalLayout {
    private final MachineAddresses addresses;
    private final Machine machine;
    private final Runnable changed;

    AddressesPanel(MachineAddresses addresses, Machine machine, Runnable changed) {
        this.addresses = addresses;
        this.machine = machine;
        this.changed = changed;
        setPadding(false);
        setId("addresses-panel");
        String why = MachineAction.ADDRESS.allowedIn(machine.state())
                ? null
                : getTranslation(
                        "machines.action.not-now",
                        getTranslation("machines.state." + machine.state().name()));
        var add = new Button(getTranslation("ips.add"), e -> add(e.getSource()));
        add.setId("add-ip");
        var grid = new Grid<PublicIp>();
        grid.setId("machine-ips");
        grid.addColumn(ip -> ip.address() + "/" + ip.prefix()).setHeader(getTranslation("ips.address"));
        grid.addColumn(PublicIp::gateway).setHeader(getTranslation("ips.gateway"));
        grid.addColumn(ip -> ip.ptr() == null ? "" : ip.ptr()).setHeader(getTranslation("ips.ptr"));
        grid.addComponentColumn(ip -> {
                    var ptr = new Button(getTranslation("ips.ptr.edit"), e -> ptrDialog(ip));
                    ptr.addClassName("edit-ptr");
                    var remove = new Button(getTranslation("ips.remove"), e -> confirmRemove(ip));
                    remove.addClassName("remove-ip");
                    remove.addThemeVariants(ButtonVariant.LUMO_ERROR);
                    return new HorizontalLayout(ptr, Why.wrap(remove, why));
                })
                .setHeader(getTranslation("machines.actions"));
        grid.setItems(addresses.list(machine.id()));
        grid.setAllRowsVisible(true);
        add(new HorizontalLayout(new H3(getTranslation("ips.title")), Why.wrap(add, why)), grid);
    }

    private void add(Button button) {
        button.setEnabled(false);
        Background.run(
                getUI().orElseThrow(),
                () -> addresses.add(machine.id(), AuditSource.UI),
                added -> {
                    Feedback.success(
                            this,
                            "ips.added." + added.applied().wire(),
                            added.ip().address());
                    changed.run();
                },
                ex -> {
                    button.setEnabled(true);
                    Feedback.error(this, ex);
                });
    }

    private void confirmRemove(PublicIp ip) {
        Feedback.confirm(
                this,
                getTranslation("ips.remove.title", ip.address()),
                getTranslation("ips.remove.text"),
                getTranslation("ips.remove"),
                "confirm-remove-ip",
                true,
                () -> Background.run(
                        getUI().orElseThrow(),
                        () -> {
                            addresses.remove(machine.id(), ip.address(), AuditSource.UI);
                            return ip;
                        },
                        done -> {
                            Feedback.success(this, "ips.removed", ip.address());
                            changed.run();
                        },
                        ex -> Feedback.error(this, ex)));
    }

    private void ptrDialog(PublicIp ip) {
        var name = new TextField(getTranslation("ips.ptr"));
        name.setId("ip-ptr");
        name.setValue(ip.ptr() == null ? "" : ip.ptr());
        name.focus();
        var form = new Feedback.Form(this, "ptr-error").field("ptr", name);
        var d = new Dialog(name, form.errorLine());
        d.setHeaderTitle(getTranslation("ips.ptr.title", ip.address()));
        var save = new Button(
                getTranslation("action.save"),
                e -> form.submit(
                        () -> addresses.setPtr(machine.id(), ip.address(), name.getValue(), AuditSource.UI),
                        saved -> {
                            d.close();
                            changed.run();
                        },
                        "ips.ptr.saved",
                        ip.address()));
        save.setId("ptr-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER).listenOn(d).resetFocusOnActiveElement();
        d.getFooter().add(new Button(getTranslation("action.cancel"), e -> d.close()), save);
        d.open();
    }
}
