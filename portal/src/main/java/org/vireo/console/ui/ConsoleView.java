package org.vireo.console.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.PermitAll;
import java.util.UUID;
import org.vireo.audit.AuditSource;
import org.vireo.base.Background;
import org.vireo.base.ErrorTexts;
import org.vireo.base.Feedback;
import org.vireo.base.NotFoundException;
import org.vireo.console.ConsoleService;
import org.vireo.console.ConsoleType;
import org.vireo.machines.Machine;
import org.vireo.machines.MachineAction;
import org.vireo.machines.MachineBroadcaster;
import org.vireo.machines.MachineChanged;
import org.vireo.machines.MachineService;
import org.vireo.machines.MachineState;
import org.vireo.security.Roles;
import org.vireo.templates.Template;
import org.vireo.templates.TemplateService;

/**
 * A machine's screen (noVNC) or serial port (xterm.js) in the browser; {@code ?serial} opens the serial port. Each
 * connect fetches a fresh single-use ticket; the host's sockets stay on the server.
 */
@Route("machines/:id/console")
@PermitAll
class ConsoleView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {
    /** The most characters typed into the screen at once. */
    private static final int MAX_TYPED = 4096;

    private static final String MODULE = "import('/vireo/console.js').then(m => m.%s)";
    /** Connects; a module that could not be loaded counts as a failed connection (and is retried). */
    private static final String CONNECT = "import('/vireo/console.js').then(m => $1 ? m.connectSerial(this, $0)"
            + " : m.connect(this, $0), () => this.dispatchEvent(new CustomEvent('vireo-console-status',"
            + " {detail: 'failed'})))";
    /**
     * A first connection that fails is tried again a few times with a fresh ticket: a browser on the host itself
     * (the demo) drops requests for a moment when the starting machine's network device appears.
     */
    private static final int RETRIES = 3;

    private int retriesLeft = RETRIES;
    private final MachineService machines;
    private final TemplateService templates;
    private final ConsoleService consoles;
    private final Div screen = new Div();
    private final Span status = new Span();
    private Machine machine;
    private ConsoleType type = ConsoleType.VNC;

    private final Button start = new Button();
    private final MachineBroadcaster broadcaster;
    private Registration registration;

    private final AuthenticationContext auth;

    ConsoleView(
            MachineService machines,
            ConsoleService consoles,
            MachineBroadcaster broadcaster,
            AuthenticationContext auth,
            TemplateService templates) {
        this.machines = machines;
        this.templates = templates;
        this.consoles = consoles;
        this.broadcaster = broadcaster;
        this.auth = auth;
        start.setText(getTranslation("machines.action.start"));
        start.addClickListener(e -> startMachine());
        // the screen takes the keyboard: reachable by Tab, and the console grabs keys only while focused
        screen.getElement().setAttribute("tabindex", "0");
        screen.getElement().setAttribute("role", "application");
        screen.getElement().setAttribute("aria-label", getTranslation("console.screen"));
        status.getElement().setAttribute("role", "status");
        setId("console-view");
        setSizeFull();
        screen.setId("console-screen");
        screen.addClassName("vireo-console-screen");
        status.setId("console-status");
        screen.getElement()
                .addEventListener("vireo-console-status", e -> {
                    String s = e.getEventData().getString("event.detail");
                    String state = s.contains(":") ? s.substring(0, s.indexOf(':')) : s;
                    status.setText(getTranslation("console.status." + state));
                    if ("connected".equals(state)) {
                        retriesLeft = RETRIES;
                    } else if ("failed".equals(state)
                            && retriesLeft > 0
                            && machine != null
                            && MachineAction.CONSOLE.allowedIn(machine.state())) {
                        retriesLeft--;
                        screen.getElement()
                                .executeJs("setTimeout(() => this.dispatchEvent(new CustomEvent("
                                        + "'vireo-console-retry')), 1000)");
                    }
                    if (!"connected".equals(state)
                            && machine != null
                            && !MachineAction.CONSOLE.allowedIn(machine.state())) {
                        show(machine.state()); // closed because the machine stopped: say that, not just "disconnected"
                    }
                    status.getElement().setAttribute("data-state", state);
                })
                .addEventData("event.detail");
        screen.getElement().addEventListener("vireo-console-retry", e -> {
            if (machine != null && MachineAction.CONSOLE.allowedIn(machine.state())) {
                connect();
            }
        });
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        type = event.getLocation().getQueryParameters().getParameters().containsKey("serial")
                ? ConsoleType.SERIAL
                : ConsoleType.VNC;
        try {
            machine = machines.get(
                    UUID.fromString(event.getRouteParameters().get("id").orElse("")));
        } catch (IllegalArgumentException | NotFoundException e) {
            var p = new Paragraph(getTranslation("machines.not-found"));
            p.setId("machine-not-found");
            add(new H2(getTranslation("problem.not-found")), p);
            return;
        }
        var reconnect = new Button(getTranslation("console.reconnect"), e -> connect());
        reconnect.setId("console-reconnect");
        start.setId("console-start");
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        var cad = new Button(getTranslation("console.ctrl-alt-del"), e -> call("ctrlAltDel(this)"));
        cad.setId("console-cad");
        var full = new Button(getTranslation("console.fullscreen"), e -> call("fullscreen(this)"));
        full.setId("console-fullscreen");
        var scale = new Checkbox(getTranslation("console.scale"), true);
        scale.addValueChangeListener(
                e -> screen.getElement().executeJs(String.format(MODULE, "setScaling(this, $0)"), e.getValue()));
        // Text typed as key presses (for guests without a clipboard agent), in the guest's keyboard layout.
        var pasteText = new TextField();
        pasteText.setPlaceholder(getTranslation("console.type.placeholder"));
        pasteText.setAriaLabel(getTranslation("console.type.placeholder"));
        pasteText.setId("console-type-text");
        pasteText.setMaxLength(MAX_TYPED);
        var layout = new Select<String>();
        layout.setId("console-type-layout");
        layout.setAriaLabel(getTranslation("console.type.layout"));
        layout.setItems(Template.KEYMAPS);
        layout.setItemLabelGenerator(l -> getTranslation("console.type.layout." + l));
        // the guest's layout comes from its template (not from the user's language); a choice made here is
        // remembered for this machine in this browser
        layout.setValue(guestKeymap());
        String remembered = "vireo.keymap." + machine.id();
        layout.getElement()
                .executeJs("return localStorage.getItem($0)", remembered)
                .then(String.class, v -> {
                    if (Template.KEYMAPS.contains(v)) {
                        layout.setValue(v);
                    }
                });
        layout.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                layout.getElement().executeJs("localStorage.setItem($0, $1)", remembered, e.getValue());
            }
        });
        var paste = new Button(
                getTranslation("console.type"),
                e -> screen.getElement()
                        // the field's text as the browser has it now (its value reaches the server only on change)
                        .executeJs(
                                "return " + String.format(MODULE, "typeText(this, $0.value, $1)"),
                                pasteText.getElement(),
                                layout.getValue())
                        .then(String.class, missing -> {
                            if (missing != null && !missing.isEmpty()) {
                                String layoutName = layout.getValue() == null
                                        ? ""
                                        : getTranslation("console.type.layout." + layout.getValue());
                                var refused = Notification.show(
                                        getTranslation("console.type.refused", layoutName, missing.replace("\t", "⇥")),
                                        8000,
                                        Notification.Position.BOTTOM_START);
                                refused.addThemeVariants(NotificationVariant.LUMO_ERROR);
                            }
                        }));
        paste.setId("console-type");
        boolean serial = type == ConsoleType.SERIAL;
        cad.setVisible(!serial);
        scale.setVisible(!serial);
        pasteText.setVisible(!serial);
        layout.setVisible(!serial);
        paste.setVisible(!serial);
        // the other console of the same machine, as a link (a new page with its own ticket)
        var other = new Anchor(
                "machines/" + machine.id() + "/console" + (serial ? "" : "?serial"),
                getTranslation(serial ? "console.open-screen" : "console.open-serial"));
        other.setId(serial ? "console-open-screen" : "console-open-serial");
        var bar = new HorizontalLayout(status, start, reconnect, cad, full, scale, pasteText, layout, paste, other);
        bar.setWrap(true);
        if (auth.hasRole(Roles.ADMIN)) {
            var end = new Button(getTranslation("console.end-sessions"), e -> {
                int n = consoles.endSessions(machine.id(), AuditSource.UI);
                Feedback.success(this, "console.ended", n);
            });
            end.setId("console-end-sessions");
            bar.add(end);
        }
        bar.setAlignItems(Alignment.BASELINE);
        var back = new Anchor("machines/" + machine.id(), getTranslation("console.back", machine.name()));
        back.setId("console-back");
        add(
                new H2(getTranslation(serial ? "console.serial-title" : "console.title", machine.name())),
                back,
                bar,
                screen);
        screen.getElement().setAttribute("aria-label", getTranslation(serial ? "console.serial" : "console.screen"));
        screen.getElement().setAttribute("data-console", serial ? "serial" : "vnc");
        show(machine.state());
        if (MachineAction.CONSOLE.allowedIn(machine.state())) {
            connect();
        }
    }

    /** What the machine's state allows here: the screen when it runs, Start when it does not. */
    private void show(MachineState state) {
        start.setVisible(MachineAction.START.allowedIn(state));
        if (!MachineAction.CONSOLE.allowedIn(state)) {
            status.setText(getTranslation(
                    "console.status.machine-not-running", getTranslation("machines.state." + state.name())));
            status.getElement()
                    .setAttribute("data-state", "machine-" + state.name().toLowerCase());
        }
    }

    private void startMachine() {
        start.setEnabled(false);
        Background.run(
                getUI().orElseThrow(),
                () -> machines.start(machine.id(), AuditSource.UI),
                m -> {
                    start.setEnabled(true);
                    machine = m;
                    show(m.state());
                    if (MachineAction.CONSOLE.allowedIn(m.state())) {
                        connect();
                    }
                },
                e -> {
                    start.setEnabled(true);
                    Feedback.error(this, e);
                });
    }

    /** The machine stopped or went away while the console was open: the screen says so (the proxy closed it). */
    @Override
    protected void onAttach(AttachEvent event) {
        registration = broadcaster.register(event.getUI(), this::changed);
        // a change between reading the machine and registering here would otherwise be missed
        if (machine != null) {
            changed(new MachineChanged(machine.id(), machine.tenantId(), machine.state(), false));
        }
    }

    private void changed(MachineChanged change) {
        if (machine == null || !change.machineId().equals(machine.id())) {
            return;
        }
        boolean wasRunning = MachineAction.CONSOLE.allowedIn(machine.state());
        var hostBefore = machine.hostId();
        try {
            machine = change.deleted() ? null : machines.get(machine.id());
        } catch (NotFoundException gone) {
            machine = null;
        }
        if (machine == null) {
            status.setText(getTranslation("console.status.machine-deleted"));
            status.getElement().setAttribute("data-state", "machine-deleted");
            start.setVisible(false);
            return;
        }
        show(machine.state());
        if (wasRunning && !machine.hostId().equals(hostBefore) && MachineAction.CONSOLE.allowedIn(machine.state())) {
            // moved: the old host's screen is gone; a new ticket reaches it through the new host's proxy
            call("disconnect(this)");
            Feedback.success(this, "console.moved");
            retriesLeft = RETRIES;
            connect();
        } else if (!wasRunning && MachineAction.CONSOLE.allowedIn(machine.state())) {
            retriesLeft = RETRIES;
            connect();
        }
    }

    private void connect() {
        try {
            var ticket = consoles.issue(machine.id(), type, AuditSource.UI);
            screen.getElement().executeJs(CONNECT, ticket.url(), type == ConsoleType.SERIAL);
        } catch (RuntimeException e) {
            status.setText(ErrorTexts.of(this, e));
            status.getElement().setAttribute("data-state", "refused");
        }
    }

    private void call(String js) {
        screen.getElement().executeJs(String.format(MODULE, js));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (registration != null) {
            registration.remove();
        }
        screen.getElement().executeJs(String.format(MODULE, "disconnect(this)"));
    }

    @Override
    public String getPageTitle() {
        return (machine == null ? "" : machine.name() + " · ") + getTranslation("machines.console") + " · Vireo";
    }

    /** The keyboard layout of the machine's template ({@code us} when the template is gone). */
    private String guestKeymap() {
        try {
            return templates.get(machine.templateId()).keymap();
        } catch (NotFoundException e) {
            return "us";
        }
    }
}
