package org.vireo.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class SvgChartTest {

    @Test
    void drawsOnePolylinePerSeriesScaledToTheWindow() {
        Instant from = Instant.parse("2026-11-30T10:00:00Z");
        var times = List.of(from, from.plusSeconds(1800), from.plusSeconds(3600));
        String svg = SvgChart.lines(
                times,
                from,
                from.plusSeconds(3600),
                0,
                v -> (int) v + " B/s",
                List.of(
                        new SvgChart.Series("a", "#000", new double[] {0, 30, 70}),
                        new SvgChart.Series("b", "#111", new double[] {10, 10, 10})));
        var root = Xml.parse(svg).getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("svg");
        assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(root.getAttribute("data-samples")).isEqualTo("3");
        assertThat(root.getAttribute("data-last"))
                .isEqualTo(Long.toString(from.plusSeconds(3600).toEpochMilli()));
        var lines = root.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline");
        assertThat(lines.getLength()).isEqualTo(2);
        // 70 scales to a top of 100: first point at the left bottom, last at the right edge, 70 % up
        var points = lines.item(0)
                .getAttributes()
                .getNamedItem("points")
                .getNodeValue()
                .split(" ");
        assertThat(points).hasSize(3);
        assertThat(points[0]).isEqualTo("1.0,109.0");
        assertThat(points[2]).startsWith("359.0,");
        double y = Double.parseDouble(points[2].split(",")[1]);
        assertThat(y).isCloseTo(109 - 0.7 * 92, Offset.offset(0.2));
        assertThat(svg).contains("100 B/s");
    }

    @Test
    void textIsEscapedByTheXmlLibrary() {
        Instant now = Instant.now();
        String svg = SvgChart.lines(List.of(), now, now, 100, v -> "<b>&", List.of());
        assertThat(svg).contains("&lt;b&gt;&amp;").doesNotContain("<b>");
        assertThat(SvgChart.niceCeiling(0.3)).isEqualTo(1);
        assertThat(SvgChart.niceCeiling(130)).isEqualTo(200);
        assertThat(SvgChart.niceCeiling(4_000)).isEqualTo(5_000);
    }
}
