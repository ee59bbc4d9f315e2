package org.vireo.dashboard.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Svg;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.PermitAll;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import org.vireo.audit.AuditEntry;
import org.vireo.audit.AuditTexts;
import org.vireo.base.ByteUnits;
import org.vireo.base.SvgChart;
import org.vireo.dashboard.DashboardService;
import org.vireo.machines.Machine;
import org.vireo.machines.MachineState;
import org.vireo.machines.UsageSample;
import org.vireo.quotas.QuotaBars;
import org.vireo.quotas.Resources;
import org.vireo.traffic.TrafficService;

/**
 * The start page: for operators the host's capacity and overcommit, machines per state, tenants over quota and
 * the latest audit events; for tenant users their machines (with CPU over the last hour), quota and events.
 */
@Route("")
@PermitAll
@Menu(order = 0, title = "nav.home", icon = "vaadin:dashboard")
class DashboardView extends VerticalLayout implements HasDynamicTitle {
    private final DateTimeFormatter format;

    private final TrafficService traffic;

    DashboardView(DashboardService dashboard, AuthenticationContext auth, TrafficService traffic) {
        this.traffic = traffic;
        setId("home-view");
        format = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT, FormatStyle.MEDIUM)
                .withLocale(getLocale())
                .withZone(ZoneId.systemDefault());
        var heading = new H2(getTranslation("home.title"));
        heading.setId("home-title");
        String name = auth.getPrincipalName().orElse("");
        boolean admin = auth.hasRole("ADMIN");
        String roleKey = admin ? "role.ADMIN" : auth.hasRole("TENANT_ADMIN") ? "role.TENANT_ADMIN" : "role.MEMBER";
        var who = new Paragraph(getTranslation("home.signed-in-as", name, getTranslation(roleKey)));
        who.setId("home-user");
        add(heading, who);
        if (admin) {
            admin(dashboard.admin());
        } else {
            tenant(dashboard.tenant());
        }
    }

    private void admin(DashboardService.AdminOverview o) {
        var host = new Div();
        host.setId("dash-host");
        host.addClassName("vireo-tiles");
        var c = o.capacity();
        if (c == null) {
            var error = new Span(getTranslation("dashboard.host-unreachable", o.hostError()));
            error.addClassName("vireo-error");
            host.add(error);
        } else {
            host.add(
                    tile(
                            "dash-cpu",
                            Integer.toString(c.host().cpus()),
                            getTranslation(
                                    "dashboard.cpus",
                                    c.allocated().vcpus(),
                                    c.running().vcpus(),
                                    ratio(c.cpuOvercommit()))),
                    tile(
                            "dash-memory",
                            gib(c.host().memoryMiB() / 1024.0),
                            getTranslation(
                                    "dashboard.memory",
                                    gib(c.allocated().memoryMiB() / 1024.0),
                                    gib(c.running().memoryMiB() / 1024.0),
                                    ratio(c.memoryOvercommit()))),
                    tile(
                            "dash-pool",
                            gib(c.pool().availableBytes() / (double) (1L << 30)),
                            getTranslation(
                                    "dashboard.pool",
                                    c.pool().name(),
                                    gib(c.pool().capacityBytes() / (double) (1L << 30)),
                                    Integer.toString(c.allocated().diskGiB()),
                                    ratio(c.diskOvercommit()))),
                    tile(
                            "dash-accelerator",
                            c.host().accelerator().name(),
                            getTranslation(
                                    "dashboard.accelerator",
                                    c.host().hostname(),
                                    c.host().libvirtVersion())));
        }
        var states = new Div();
        states.setId("dash-states");
        states.addClassName("vireo-tiles");
        for (MachineState s : MachineState.values()) {
            int n = o.machinesByState().getOrDefault(s, Resources.ZERO).machines();
            if (n > 0 || s == MachineState.RUNNING || s == MachineState.STOPPED || s == MachineState.ERROR) {
                states.add(tile(
                        "dash-state-" + s.name(), Integer.toString(n), getTranslation("machines.state." + s.name())));
            }
        }
        var over = new Grid<DashboardService.TenantOverQuota>();
        over.setId("dash-over-quota");
        over.addColumn(t -> t.tenant().shownName()).setHeader(getTranslation("tenants.display-name"));
        over.addColumn(t -> String.join(
                        ", ",
                        t.exceeded().stream()
                                .map(r -> getTranslation(
                                        "dashboard.over",
                                        getTranslation("quotas.resource." + r),
                                        t.quota()
                                                .used()
                                                .plus(t.quota().reserved())
                                                .get(r),
                                        t.quota().limits().get(r)))
                                .toList()))
                .setHeader(getTranslation("dashboard.exceeded"));
        over.setItems(o.overQuota());
        over.setAllRowsVisible(true);
        Component overQuota =
                o.overQuota().isEmpty() ? hint("dash-over-quota-none", "dashboard.none-over-quota") : over;
        if (!o.paused().isEmpty()) {
            var paused = new Span(getTranslation(
                    "dashboard.paused",
                    o.paused().size(),
                    String.join(
                            ", ",
                            o.paused().stream()
                                    .map(m -> m.machine() + " (" + m.tenant() + ")")
                                    .toList())));
            paused.setId("dash-paused");
            paused.addClassName("vireo-error");
            states.add(paused);
        }
        add(
                new H3(getTranslation("dashboard.host")),
                host,
                new H3(getTranslation("dashboard.machines")),
                states,
                new H3(getTranslation("dashboard.over-quota")),
                overQuota,
                new H3(getTranslation("dashboard.recent")),
                events(o.recent(), true));
    }

    private void tenant(DashboardService.TenantOverview o) {
        var bars = new QuotaBars();
        bars.show(o.quota());
        var list = new Grid<Machine>();
        list.setId("dash-machines");
        list.addComponentColumn(m -> new Anchor("machines/" + m.id(), m.name()))
                .setHeader(getTranslation("machines.name"));
        list.addComponentColumn(m -> {
                    var badge = new Span(
                            getTranslation("machines.state." + m.state().name()));
                    badge.getElement()
                            .setAttribute("theme", m.state() == MachineState.RUNNING ? "badge success" : "badge");
                    badge.getElement().setAttribute("data-state", m.state().name());
                    return badge;
                })
                .setHeader(getTranslation("machines.state"));
        list.addColumn(m -> m.vcpus() + " vCPU · " + getTranslation("unit.mib", m.memoryMiB()))
                .setHeader(getTranslation("dashboard.size"));
        list.addComponentColumn(m -> cpuSparkline(m.name(), o.usage().getOrDefault(m.id(), List.of())))
                .setHeader(getTranslation("dashboard.cpu-hour"))
                .setAutoWidth(true);
        list.setItems(o.machines());
        list.setAllRowsVisible(true);
        var more = new Anchor("machines", getTranslation("dashboard.all-machines", o.machineCount()));
        more.setId("dash-all-machines");
        var month = traffic.ofOwnTenant(traffic.month(null));
        var used = new Span(getTranslation("traffic.public") + ": "
                + getTranslation(
                        "traffic.in-out",
                        ByteUnits.binary(month.publicBytes().rx()),
                        ByteUnits.binary(month.publicBytes().tx()))
                + " · "
                + getTranslation("traffic.private") + ": "
                + getTranslation(
                        "traffic.in-out",
                        ByteUnits.binary(month.privateBytes().rx()),
                        ByteUnits.binary(month.privateBytes().tx())));
        used.setId("dash-traffic");
        var allowance = traffic.ownAllowance(month.month());
        var allowanceLine = new Span(
                allowance.allowanceGiB() == null
                        ? getTranslation("traffic.allowance-unlimited")
                        : getTranslation(
                                "traffic.allowance",
                                ByteUnits.binary(allowance.usedBytes()),
                                allowance.allowanceGiB(),
                                allowance.percent()));
        allowanceLine.setId("dash-traffic-allowance");
        var notice = new Span(allowance.level() >= 80 ? getTranslation("traffic.notice." + allowance.level()) : "");
        notice.setId("dash-traffic-notice");
        notice.getElement().setAttribute("theme", allowance.level() >= 100 ? "badge error" : "badge contrast");
        notice.setVisible(allowance.level() >= 80);
        add(
                new H3(getTranslation("dashboard.quota")),
                bars,
                new H3(getTranslation("traffic.this-month", month.month().toString())),
                used,
                new Div(allowanceLine),
                notice,
                new H3(getTranslation("dashboard.your-machines")),
                o.machines().isEmpty() ? hint("dash-no-machines", "dashboard.no-machines") : list,
                more,
                new H3(getTranslation("dashboard.recent")),
                events(o.recent(), false));
    }

    private Component cpuSparkline(String machine, List<UsageSample> samples) {
        Instant to = Instant.now();
        var svg = new Svg(SvgChart.lines(
                samples.stream().map(UsageSample::at).toList(),
                to.minusSeconds(3600),
                to,
                100,
                v -> "",
                List.of(new SvgChart.Series(
                        "cpu",
                        "#1676f3",
                        samples.stream().mapToDouble(UsageSample::cpuPercent).toArray())),
                getTranslation("usage.chart.sparkline", machine)));
        svg.addClassName("vireo-sparkline");
        return svg;
    }

    private Grid<AuditEntry> events(List<AuditEntry> entries, boolean withTenant) {
        var grid = new Grid<AuditEntry>();
        grid.setId("dash-events");
        grid.addColumn(e -> format.format(e.at()))
                .setHeader(getTranslation("audit.at"))
                .setAutoWidth(true);
        grid.addColumn(AuditEntry::actor).setHeader(getTranslation("audit.actor"));
        grid.addColumn(e -> AuditTexts.action(this, e.action())).setHeader(getTranslation("audit.action"));
        grid.addColumn(AuditEntry::target).setHeader(getTranslation("audit.target"));
        grid.addColumn(e -> AuditTexts.outcome(this, e)).setHeader(getTranslation("audit.outcome"));
        grid.setItems(entries);
        grid.setAllRowsVisible(true);
        return grid;
    }

    private Div tile(String id, String value, String label) {
        var v = new Span(value);
        v.addClassName("vireo-tile-value");
        v.setId(id + "-value");
        var l = new Span(label);
        l.addClassName("vireo-tile-label");
        var tile = new Div(v, new Div(l));
        tile.addClassName("vireo-tile");
        tile.setId(id);
        return tile;
    }

    private Span hint(String id, String key) {
        var s = new Span(getTranslation(key));
        s.setId(id);
        s.addClassName("vireo-hint");
        return s;
    }

    private String gib(double v) {
        return String.format(getLocale(), "%.1f GiB", v);
    }

    private String ratio(double v) {
        return String.format(getLocale(), "%.2f×", v);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("home.title") + " · Vireo";
    }
}
