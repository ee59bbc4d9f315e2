package org.vireo.traffic.ui;

import com.vaadin.flow.component.Svg;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.vireo.base.ByteUnits;
import org.vireo.base.SvgChart;
import org.vireo.traffic.Bytes;
import org.vireo.traffic.TrafficService;

/**
 * A machine's traffic: this month (UTC) public and private, a graph of its days, and the last 12 months. Public
 * traffic is what allowances count; private traffic is shown and free.
 */
class TrafficPanel extends Div {
    /** Dark enough on white for WCAG AA (4.5:1). */
    private static final String[] COLOURS = {"#0b5cd5", "#b54708", "#067647", "#6941c6"};

    TrafficPanel(TrafficService traffic, UUID machineId) {
        setId("traffic");
        YearMonth now = traffic.month(null);
        var month = traffic.ofMachine(machineId, now);
        var publicLine = new Span(getTranslation("traffic.public") + ": " + inOut(month.publicBytes()));
        publicLine.setId("traffic-month-public");
        var privateLine = new Span(getTranslation("traffic.private") + ": " + inOut(month.privateBytes()));
        privateLine.setId("traffic-month-private");
        var lines = new Div(
                new Span(getTranslation("traffic.this-month", now.toString())),
                new Div(publicLine),
                new Div(privateLine));
        lines.addClassName("vireo-chart-legend");
        add(new H3(getTranslation("traffic.title")), lines, daily(month, now));

        var months = new Grid<TrafficService.MonthTraffic>();
        months.setId("traffic-months");
        months.addColumn(m -> m.month().toString()).setHeader(getTranslation("traffic.month"));
        months.addColumn(m -> ByteUnits.binary(m.publicBytes().rx())).setHeader(getTranslation("traffic.public-in"));
        months.addColumn(m -> ByteUnits.binary(m.publicBytes().tx())).setHeader(getTranslation("traffic.public-out"));
        months.addColumn(m -> ByteUnits.binary(m.privateBytes().rx())).setHeader(getTranslation("traffic.private-in"));
        months.addColumn(m -> ByteUnits.binary(m.privateBytes().tx())).setHeader(getTranslation("traffic.private-out"));
        months.setItems(traffic.lastMonths(machineId, now, 12));
        months.setAllRowsVisible(true);
        var csv = new Anchor(
                DownloadHandler.fromInputStream(event -> {
                    byte[] bytes = traffic.machineCsv(machineId, now).getBytes(StandardCharsets.UTF_8);
                    return new DownloadResponse(
                            new ByteArrayInputStream(bytes), "vireo-traffic-" + now + ".csv", "text/csv", bytes.length);
                }),
                getTranslation("traffic.csv"));
        csv.setId("traffic-machine-csv");
        add(months, csv);
    }

    /** Bytes per day of the month so far: public in and out, private in and out. */
    private Div daily(TrafficService.MachineTraffic month, YearMonth now) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate last = now.atEndOfMonth().isBefore(today) ? now.atEndOfMonth() : today;
        Map<LocalDate, TrafficService.DayTraffic> byDay =
                month.days().stream().collect(Collectors.toMap(TrafficService.DayTraffic::day, Function.identity()));
        var times = new ArrayList<Instant>();
        var days = new ArrayList<TrafficService.DayTraffic>();
        for (LocalDate d = now.atDay(1); !d.isAfter(last); d = d.plusDays(1)) {
            times.add(d.atStartOfDay().toInstant(ZoneOffset.UTC));
            days.add(byDay.getOrDefault(d, new TrafficService.DayTraffic(d, Bytes.NONE, Bytes.NONE)));
        }
        List<Function<TrafficService.DayTraffic, Long>> values = List.of(
                d -> d.publicBytes().rx(),
                d -> d.publicBytes().tx(),
                d -> d.privateBytes().rx(),
                d -> d.privateBytes().tx());
        List<String> names =
                List.of("traffic.public-in", "traffic.public-out", "traffic.private-in", "traffic.private-out");
        var series = new ArrayList<SvgChart.Series>();
        var legend = new Div();
        legend.addClassName("vireo-chart-legend");
        for (int i = 0; i < values.size(); i++) {
            var f = values.get(i);
            series.add(new SvgChart.Series(
                    "traffic-" + i,
                    COLOURS[i],
                    days.stream().mapToDouble(d -> f.apply(d)).toArray()));
            var item = new Span(getTranslation(names.get(i)));
            item.getStyle().set("color", COLOURS[i]);
            legend.add(item);
        }
        var svg = new Svg(SvgChart.lines(
                times,
                now.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                last.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                0,
                v -> ByteUnits.binary(v),
                series,
                getTranslation("traffic.chart")));
        svg.setId("traffic-daily");
        var card = new Div(legend, svg);
        card.addClassName("vireo-chart-card");
        return card;
    }

    private String inOut(Bytes b) {
        return getTranslation("traffic.in-out", ByteUnits.binary(b.rx()), ByteUnits.binary(b.tx()));
    }
}
