package io.pkcsconnector.loadgenerator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class HtmlReportTest {

    static final Pattern SVG = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL);

    static Document parseSvg(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document =
                factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(document.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        return document;
    }

    @Test
    void anEmptySeriesIsAValidChartSayingNoData() throws Exception {
        String svg = HtmlReport.chart(
                "Requests <per> second & more",
                "/s",
                List.of(new HtmlReport.Series("issued", "#123456", List.of(), true)));
        Document document = parseSvg(svg);
        assertThat(svg).contains("no data");
        assertThat(document.getElementsByTagNameNS("*", "polyline").getLength()).isZero();
        assertThat(document.getElementsByTagNameNS("*", "title").item(0).getTextContent())
                .isEqualTo("Requests <per> second & more");
    }

    @Test
    void allZeroValuesAreNoDataToo() throws Exception {
        String svg = HtmlReport.chart(
                "Latency", "ms", List.of(new HtmlReport.Series("p50", "#123456", Arrays.asList(0d, null, 0d), false)));
        parseSvg(svg);
        assertThat(svg).contains("no data");
    }

    @Test
    void aSeriesBecomesBarsAndLinesWithGapsForMissingSeconds() throws Exception {
        String svg = HtmlReport.chart(
                "Throughput",
                "/s",
                List.of(
                        new HtmlReport.Series("issued/s", "#1f77b4", List.of(3d, 7d, 0d, 12d), true),
                        new HtmlReport.Series("p99", "#9467bd", Arrays.asList(100d, 120d, null, 90d, 95d), false)));
        Document document = parseSvg(svg);
        assertThat(svg).doesNotContain("no data");
        // Three non-zero bars (plus the frame and the legend swatches, which are rects too).
        assertThat(document.getElementsByTagNameNS("*", "rect").getLength()).isEqualTo(3 + 1 + 2);
        // The gap at second 2 splits the line in two.
        assertThat(document.getElementsByTagNameNS("*", "polyline").getLength()).isEqualTo(2);
        // The axis tops at a round value above the largest of all series (120 -> 200).
        assertThat(svg).contains(">200 /s<").contains(">0s<");
    }

    @Test
    void aLoneValueIsDrawnAsADot() throws Exception {
        String svg = HtmlReport.chart(
                "Latency",
                "ms",
                List.of(new HtmlReport.Series("p50", "#2ca02c", Arrays.asList(null, 5d, null), false)));
        Document document = parseSvg(svg);
        assertThat(document.getElementsByTagNameNS("*", "circle").getLength()).isEqualTo(1);
    }

    @Test
    void theWholePageIsSelfContainedWithValidCharts() throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("scenario", "burst");
        report.put("mode", "rest");
        report.put("key", "ecP256");
        report.put("requests", 4L);
        report.put("devices", 2);
        report.put("failed", 0L);
        report.put("duplicates", 0L);
        report.put("latencyMs", Map.of("p50", 12.5));
        report.put("burst", Map.of("drainSeconds", 2.25, "note", "<b>&</b>"));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("second", i);
            row.put("submitted", 2);
            row.put("issued", i);
            row.put("failed", 0);
            row.put("latencyP50Ms", i == 0 ? null : 10.0 * i);
            row.put("latencyP99Ms", i == 0 ? null : 20.0 * i);
            rows.add(row);
        }
        report.put("timeSeries", rows);

        String html = HtmlReport.render(report);
        Matcher svgs = SVG.matcher(html);
        int charts = 0;
        while (svgs.find()) {
            parseSvg(svgs.group());
            charts++;
        }
        assertThat(charts).isEqualTo(2);
        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("Every request issued and delivered exactly once")
                .contains("drainSeconds")
                .contains("&lt;b&gt;&amp;&lt;/b&gt;")
                .doesNotContain("<script")
                .doesNotContain("<link")
                .doesNotContain("src=");
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://", "https://");
    }

    @Test
    void anEmptyRunStillRenders() throws Exception {
        String html = HtmlReport.render(Map.of("scenario", "steady", "failed", 1L, "duplicates", 0L));
        Matcher svgs = SVG.matcher(html);
        while (svgs.find()) {
            parseSvg(svgs.group());
        }
        assertThat(html).contains("no data").contains("1 failed");
    }

    @Test
    void niceCeilingsAndFormatting() {
        assertThat(HtmlReport.niceCeiling(7)).isEqualTo(10);
        assertThat(HtmlReport.niceCeiling(12)).isEqualTo(20);
        assertThat(HtmlReport.niceCeiling(230)).isEqualTo(250);
        assertThat(HtmlReport.niceCeiling(0.3)).isEqualTo(0.5);
        assertThat(HtmlReport.format(3.0)).isEqualTo("3");
        assertThat(HtmlReport.format(null)).isEqualTo("\u2013");
        assertThat(HtmlReport.format(Map.of("a", Map.of("b", 1)))).isEqualTo("a={b=1}");
    }
}
