package org.vireo.base;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import org.w3c.dom.Element;

/**
 * A line chart over time as SVG, drawn on the server with the DOM API (no chart library, no npm): one polyline
 * per series over the time window, scaled to the largest value, with the scale's top written in the corner. The
 * root carries {@code data-samples} and {@code data-last} (epoch ms of the newest point) for tests and scripts.
 */
public final class SvgChart {
    static final int WIDTH = 360;
    static final int HEIGHT = 110;
    private static final String SVG_NS = "http://www.w3.org/2000/svg";

    /** One line: a value per point in time. */
    public record Series(String cssClass, String colour, double[] values) {}

    private SvgChart() {}

    /**
     * @param fixedMax the scale's top (100 for percentages), or 0 to scale to the data
     * @param scaleLabel the scale's top as text, given the top value
     */
    public static String lines(
            List<Instant> times,
            Instant from,
            Instant to,
            double fixedMax,
            DoubleFunction<String> scaleLabel,
            List<Series> series) {
        return lines(times, from, to, fixedMax, scaleLabel, series, null);
    }

    /**
     * As above, with a text alternative for screen readers ({@code description}: what the chart shows and its
     * latest values), given as the image's name and title.
     */
    public static String lines(
            List<Instant> times,
            Instant from,
            Instant to,
            double fixedMax,
            DoubleFunction<String> scaleLabel,
            List<Series> series,
            String description) {
        double max = fixedMax;
        if (max <= 0) {
            for (var s : series) {
                for (double v : s.values()) {
                    max = Math.max(max, v);
                }
            }
            max = niceCeiling(max);
        }
        Element svg = Xml.rootNS(SVG_NS, "svg");
        svg.setAttribute("viewBox", "0 0 " + WIDTH + " " + HEIGHT);
        svg.setAttribute("width", Integer.toString(WIDTH));
        svg.setAttribute("height", Integer.toString(HEIGHT));
        svg.setAttribute("role", "img");
        if (description != null) {
            svg.setAttribute("aria-label", description);
            Xml.childNS(svg, "title").setTextContent(description);
        }
        svg.setAttribute("preserveAspectRatio", "none");
        svg.setAttribute("class", "vireo-chart");
        svg.setAttribute("data-samples", Integer.toString(times.size()));
        svg.setAttribute(
                "data-last",
                times.isEmpty() ? "" : Long.toString(times.get(times.size() - 1).toEpochMilli()));
        Element frame = Xml.childNS(svg, "rect");
        frame.setAttribute("x", "0.5");
        frame.setAttribute("y", "0.5");
        frame.setAttribute("width", Integer.toString(WIDTH - 1));
        frame.setAttribute("height", Integer.toString(HEIGHT - 1));
        frame.setAttribute("fill", "none");
        frame.setAttribute("stroke", "#c8ced6");
        Element label = Xml.childNS(svg, "text");
        label.setAttribute("x", "4");
        label.setAttribute("y", "12");
        label.setAttribute("font-size", "10");
        label.setAttribute("fill", "#5f6b7a");
        label.setTextContent(scaleLabel.apply(max));
        double span = Math.max(1, to.toEpochMilli() - from.toEpochMilli());
        for (var s : series) {
            var points = new StringBuilder();
            for (int i = 0; i < times.size() && i < s.values().length; i++) {
                double x = Math.max(0, times.get(i).toEpochMilli() - from.toEpochMilli()) / span * (WIDTH - 2) + 1;
                double v = max <= 0 ? 0 : Math.min(1, s.values()[i] / max);
                double y = HEIGHT - 1 - v * (HEIGHT - 18);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            Element line = Xml.childNS(svg, "polyline");
            line.setAttribute("class", s.cssClass());
            line.setAttribute("points", points.toString().strip());
            line.setAttribute("fill", "none");
            line.setAttribute("stroke", s.colour());
            line.setAttribute("stroke-width", "1.5");
        }
        return Xml.serialize(svg);
    }

    /** 1, 2 or 5 times a power of ten, at least the value (and at least 1). */
    static double niceCeiling(double v) {
        if (v <= 1) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
