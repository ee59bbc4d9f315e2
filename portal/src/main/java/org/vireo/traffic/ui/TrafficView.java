package org.vireo.traffic.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import jakarta.annotation.security.RolesAllowed;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.stream.Collectors;
import org.vireo.base.ByteUnits;
import org.vireo.security.Roles;
import org.vireo.traffic.TrafficService;

/** Operators: each tenant's traffic in a month (UTC), public and private, and how it splits between hosts. */
@Route("admin/traffic")
@RolesAllowed(Roles.ADMIN)
@Menu(order = 95, title = "nav.traffic", icon = "vaadin:exchange")
class TrafficView extends VerticalLayout implements HasDynamicTitle {
    private final TrafficService traffic;
    private final Grid<TrafficService.TenantTraffic> grid = new Grid<>();
    private final Span none = new Span();

    TrafficView(TrafficService traffic) {
        this.traffic = traffic;
        setId("traffic-view");
        var month = new Select<YearMonth>();
        month.setId("traffic-month");
        month.setLabel(getTranslation("traffic.month"));
        var months = new ArrayList<YearMonth>();
        YearMonth now = traffic.month(null);
        for (int i = 0; i < 12; i++) {
            months.add(now.minusMonths(i));
        }
        month.setItems(months);
        month.setItemLabelGenerator(YearMonth::toString);
        grid.setId("traffic-tenants");
        grid.addColumn(TrafficService.TenantTraffic::tenantName)
                .setHeader(getTranslation("traffic.tenant"))
                .setAutoWidth(true);
        grid.addColumn(t -> ByteUnits.binary(t.publicBytes().rx())).setHeader(getTranslation("traffic.public-in"));
        grid.addColumn(t -> ByteUnits.binary(t.publicBytes().tx())).setHeader(getTranslation("traffic.public-out"));
        grid.addColumn(t -> ByteUnits.binary(t.privateBytes().rx())).setHeader(getTranslation("traffic.private-in"));
        grid.addColumn(t -> ByteUnits.binary(t.privateBytes().tx())).setHeader(getTranslation("traffic.private-out"));
        grid.addColumn(t -> t.hosts().stream()
                        .map(h -> h.hostName() + ": "
                                + getTranslation(
                                        "traffic.in-out",
                                        ByteUnits.binary(h.publicBytes().rx()
                                                + h.privateBytes().rx()),
                                        ByteUnits.binary(h.publicBytes().tx()
                                                + h.privateBytes().tx())))
                        .collect(Collectors.joining("; ")))
                .setHeader(getTranslation("traffic.per-host"))
                .setFlexGrow(2);
        grid.setAllRowsVisible(true);
        none.setId("traffic-none");
        none.setText(getTranslation("traffic.none"));
        month.addValueChangeListener(e -> show(e.getValue()));
        var csv = new Anchor(
                DownloadHandler.fromInputStream(event -> {
                    byte[] bytes = traffic.tenantsCsv(month.getValue()).getBytes(StandardCharsets.UTF_8);
                    return new DownloadResponse(
                            new ByteArrayInputStream(bytes),
                            "vireo-traffic-" + month.getValue() + ".csv",
                            "text/csv",
                            bytes.length);
                }),
                getTranslation("traffic.csv"));
        csv.setId("traffic-csv");
        var bar = new HorizontalLayout(month, csv);
        bar.setAlignItems(Alignment.BASELINE);
        add(new H2(getTranslation("nav.traffic")), bar, none, grid);
        month.setValue(now);
    }

    private void show(YearMonth month) {
        var tenants = traffic.ofTenants(month);
        grid.setItems(tenants);
        none.setVisible(tenants.isEmpty());
        grid.setVisible(!tenants.isEmpty());
    }

    @Override
    public String getPageTitle() {
        return getTranslation("nav.traffic") + " · Vireo";
    }
}
