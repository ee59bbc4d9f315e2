package org.vireo.machines.ui;

import com.vaadin.flow.component.Svg;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;
import org.vireo.base.ByteUnits;
import org.vireo.base.SvgChart;
import org.vireo.machines.UsageHistory;
import org.vireo.machines.UsageSample;

/**
 * A machine's usage graphs: CPU, memory, disk and network over the last hour or day, redrawn (server-side SVG)
 * when the sampler pushes new samples while the view is open.
 */
class UsageGraphs extends Div {
    /** Lines and legend text, dark enough on white for WCAG AA (4.5:1). */
    private static final String[] COLOURS = {"#0b5cd5", "#b54708"};

    private final UsageHistory history;
    private final UUID machineId;
    private final RadioButtonGroup<UsageHistory.Window> window = new RadioButtonGroup<>();
    private final Div charts = new Div();

    UsageGraphs(UsageHistory history, UUID machineId) {
        this.history = history;
        this.machineId = machineId;
        setId("usage-graphs");
        window.setId("usage-window");
        window.setItems(UsageHistory.Window.values());
        window.setItemLabelGenerator(w -> getTranslation("usage.window." + w.name()));
        window.setValue(UsageHistory.Window.HOUR);
        window.addValueChangeListener(e -> refresh());
        charts.addClassName("vireo-charts");
        add(new HorizontalLayout(new H3(getTranslation("usage.title")), window), charts);
        refresh();
    }

    UUID machineId() {
        return machineId;
    }

    void refresh() {
        var w = window.getValue();
        var samples = history.history(machineId, w);
        Instant to = Instant.now();
        Instant from = to.minus(w.length());
        charts.removeAll();
        if (samples.isEmpty()) {
            var none = new Span(getTranslation("usage.none"));
            none.setId("usage-none");
            charts.add(none);
        }
        charts.add(
                chart(
                        "cpu",
                        samples,
                        from,
                        to,
                        100,
                        v -> fmt("%.0f %%", v),
                        List.of(UsageSample::cpuPercent),
                        List.of("usage.cpu")),
                chart(
                        "memory",
                        samples,
                        from,
                        to,
                        0,
                        v -> fmt("%.0f MiB", v),
                        List.of(UsageSample::memoryMiB),
                        List.of("usage.memory")),
                chart(
                        "disk",
                        samples,
                        from,
                        to,
                        0,
                        UsageGraphs::rate,
                        List.of(UsageSample::diskReadBps, UsageSample::diskWriteBps),
                        List.of("usage.disk-read", "usage.disk-write")),
                chart(
                        "net",
                        samples,
                        from,
                        to,
                        0,
                        UsageGraphs::rate,
                        List.of(UsageSample::netRxBps, UsageSample::netTxBps),
                        List.of("usage.net-rx", "usage.net-tx")));
    }

    private Div chart(
            String id,
            List<UsageSample> samples,
            Instant from,
            Instant to,
            double max,
            DoubleFunction<String> label,
            List<ToDoubleFunction<UsageSample>> values,
            List<String> names) {
        var series = new ArrayList<SvgChart.Series>();
        var legend = new Div();
        legend.addClassName("vireo-chart-legend");
        for (int i = 0; i < values.size(); i++) {
            var f = values.get(i);
            series.add(new SvgChart.Series(
                    id + "-" + i, COLOURS[i], samples.stream().mapToDouble(f).toArray()));
            String latest = samples.isEmpty() ? "–" : label.apply(f.applyAsDouble(samples.get(samples.size() - 1)));
            var item = new Span(getTranslation(names.get(i)) + ": " + latest);
            item.getStyle().set("color", COLOURS[i]);
            item.setId("usage-" + id + "-latest-" + i);
            legend.add(item);
        }
        var description = new StringBuilder(getTranslation("usage.chart." + id));
        legend.getChildren().forEach(c -> description.append("; ").append(((Span) c).getText()));
        var svg = new Svg(SvgChart.lines(
                samples.stream().map(UsageSample::at).toList(), from, to, max, label, series, description.toString()));
        svg.setId("usage-" + id);
        var card = new Div(legend, svg);
        card.addClassName("vireo-chart-card");
        return card;
    }

    private static String fmt(String pattern, double v) {
        return String.format(Locale.ROOT, pattern, v);
    }

    /** Bytes per second in binary units. */
    static String rate(double bps) {
        return ByteUnits.binary(bps) + "/s";
    }
}
