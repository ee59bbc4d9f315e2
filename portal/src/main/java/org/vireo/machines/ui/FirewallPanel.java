package org.vireo.machines.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import java.util.ArrayList;
import java.util.List;
import org.vireo.audit.AuditSource;
import org.vireo.base.Feedback;
import org.vireo.machines.FirewallRule;
import org.vireo.machines.Machine;
import org.vireo.machines.MachineFirewalls;

/**
 * The inbound firewall of a machine's public addresses: its rules in order (remove, move up), a new rule
 * (protocol, ports, source), a preset for web servers, and Save, which applies them live. Nothing changes on the
 * machine until Save; a refused rule is named at its field.
 */
class FirewallPanel extends VerticalLayout {
    private static final List<FirewallRule> WEB =
            List.of(new FirewallRule("tcp", "80", "0.0.0.0/0"), new FirewallRule("tcp", "443", "0.0.0.0/0"));

    private final MachineFirewalls firewalls;
    private final Machine machine;
    private final List<FirewallRule> rules;
    private final Grid<FirewallRule> grid = new Grid<>();

    FirewallPanel(MachineFirewalls firewalls, Machine machine) {
        this.firewalls = firewalls;
        this.machine = machine;
        this.rules = new ArrayList<>(firewalls.rules(machine.id()));
        setPadding(false);
        setId("firewall-panel");

        grid.setId("firewall-rules");
        grid.addColumn(FirewallRule::protocol).setHeader(getTranslation("firewall.protocol"));
        grid.addColumn(r -> r.ports() == null ? "" : r.ports()).setHeader(getTranslation("firewall.ports"));
        grid.addColumn(r -> r.source() == null ? "0.0.0.0/0" : r.source()).setHeader(getTranslation("firewall.source"));
        grid.addComponentColumn(r -> {
                    var up = new Button(VaadinIcon.ARROW_UP.create(), e -> move(r));
                    up.addClassName("firewall-up");
                    up.setAriaLabel(getTranslation("firewall.up"));
                    up.setEnabled(rules.indexOf(r) > 0);
                    var remove = new Button(getTranslation("firewall.remove"), e -> {
                        rules.remove(r);
                        refresh();
                    });
                    remove.addClassName("firewall-remove");
                    remove.addThemeVariants(ButtonVariant.LUMO_ERROR);
                    return new HorizontalLayout(up, remove);
                })
                .setHeader(getTranslation("machines.actions"));
        grid.setAllRowsVisible(true);

        var protocol = new Select<String>();
        protocol.setId("firewall-protocol");
        protocol.setLabel(getTranslation("firewall.protocol"));
        protocol.setItems("tcp", "udp", "icmp");
        protocol.setValue("tcp");
        var ports = new TextField(getTranslation("firewall.ports"));
        ports.setId("firewall-ports");
        ports.setPlaceholder("22 / 1000-2000");
        protocol.addValueChangeListener(e -> ports.setEnabled(!"icmp".equals(e.getValue())));
        var source = new TextField(getTranslation("firewall.source"));
        source.setId("firewall-source");
        source.setPlaceholder("0.0.0.0/0");
        var add = new Button(getTranslation("firewall.add"), e -> {
            rules.add(new FirewallRule(
                    protocol.getValue(),
                    "icmp".equals(protocol.getValue()) ? null : ports.getValue().strip(),
                    source.getValue().isBlank()
                            ? "0.0.0.0/0"
                            : source.getValue().strip()));
            ports.clear();
            refresh();
        });
        add.setId("firewall-add");
        var web = new Button(getTranslation("firewall.preset-web"), e -> {
            WEB.stream().filter(r -> !rules.contains(r)).forEach(rules::add);
            refresh();
        });
        web.setId("firewall-preset-web");

        var form = new Feedback.Form(this, "firewall-error");
        var save = new Button(
                getTranslation("action.save"),
                e -> form.submit(
                        () -> firewalls.replace(machine.id(), List.copyOf(rules), AuditSource.UI),
                        saved -> {
                            rules.clear();
                            rules.addAll(saved);
                            refresh();
                        },
                        "firewall.saved"));
        save.setId("firewall-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        var adding = new HorizontalLayout(protocol, ports, source, add, web);
        adding.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        adding.setWrap(true);
        add(
                new H3(getTranslation("firewall.title")),
                new Paragraph(getTranslation("firewall.intro")),
                grid,
                adding,
                new HorizontalLayout(save),
                form.errorLine());
        refresh();
    }

    private void move(FirewallRule r) {
        int i = rules.indexOf(r);
        if (i > 0) {
            rules.remove(i);
            rules.add(i - 1, r);
            refresh();
        }
    }

    private void refresh() {
        grid.setItems(List.copyOf(rules));
    }
}
