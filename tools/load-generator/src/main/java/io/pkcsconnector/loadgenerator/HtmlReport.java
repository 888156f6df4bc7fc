package io.pkcsconnector.loadgenerator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no script, nothing fetched) with the
 * throughput and latency over time and the summary table, readable on a machine without internet.
 */
final class HtmlReport {

    /** One line (or bar set) of a chart; null values are gaps. */
    record Series(String name, String color, List<Double> values, boolean bars) {}

    static final int WIDTH = 900;
    static final int HEIGHT = 280;
    private static final int LEFT = 60;
    private static final int RIGHT = 16;
    private static final int TOP = 30;
    private static final int BOTTOM = 36;

    private HtmlReport() {}

    static void write(Path dir, Map<String, Object> report) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.html"), render(report), StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    static String render(Map<String, Object> r) {
        List<Map<String, Object>> rows = (List<Map<String, Object>>) r.getOrDefault("timeSeries", List.of());
        String title = "Load test: " + r.get("scenario") + " / " + r.get("mode") + " / " + r.get("key");
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(title))
                .append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:960px}\n")
                .append("h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}\n")
                .append("table{border-collapse:collapse;font-size:.9em}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}\n")
                .append("th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}\n")
                .append(".bad{color:#b00020;font-weight:bold}.ok{color:#1b5e20}\n")
                .append("svg{background:#fff;border:1px solid #ddd}\n</style>\n</head>\n<body>\n<h1>")
                .append(esc(title))
                .append("</h1>\n<p>Started ")
                .append(esc(String.valueOf(r.get("startedAt"))))
                .append("; ")
                .append(esc(String.valueOf(r.get("requests"))))
                .append(" measured requests over ")
                .append(esc(String.valueOf(r.get("devices"))))
                .append(" devices. ")
                .append(verdict(r))
                .append("</p>\n");

        html.append("<h2>Throughput</h2>\n")
                .append(chart(
                        "Requests per second",
                        "/s",
                        List.of(
                                new Series("issued/s", "#1f77b4", column(rows, "issued"), true),
                                new Series("submitted/s", "#ff7f0e", column(rows, "submitted"), false),
                                new Series("failed/s", "#d62728", column(rows, "failed"), false))))
                .append('\n');
        html.append("<h2>Latency (request \u2192 delivery, by second of delivery)</h2>\n")
                .append(chart(
                        "Latency",
                        "ms",
                        List.of(
                                new Series("p50", "#2ca02c", column(rows, "latencyP50Ms"), false),
                                new Series("p99", "#9467bd", column(rows, "latencyP99Ms"), false),
                                new Series("issue p99", "#8c564b", column(rows, "issueLatencyP99Ms"), false))))
                .append('\n');

        html.append("<h2>Summary</h2>\n<table>\n");
        for (String key : List.of(
                "requests",
                "issued",
                "delivered",
                "failed",
                "timedOut",
                "duplicates",
                "issuedPerSecond",
                "deliveredPerSecond",
                "durationSeconds",
                "concurrency",
                "rate",
                "maxScheduleLagMs",
                "inboxPolls",
                "generatorCpuSeconds",
                "generatorCpuPercentOfOneCore")) {
            row(html, key, r.get(key));
        }
        for (String key : List.of("latencyMs", "issueLatencyMs", "inboxLatencyMs", "acceptLatencyMs")) {
            row(html, key, r.get(key));
        }
        for (String key : List.of("failures", "duplicateCheck", "pfxCheck", "stackCpuSeconds", "workerCounters")) {
            row(html, key, r.get(key));
        }
        html.append("</table>\n");
        for (String key : List.of("burst", "replayStorm", "poison")) {
            if (r.get(key) instanceof Map<?, ?> scenario) {
                html.append("<h2>").append(esc(key)).append("</h2>\n<table>\n");
                scenario.forEach((name, value) -> row(html, String.valueOf(name), value));
                html.append("</table>\n");
            }
        }
        if (r.get("phases") instanceof Map<?, ?> phases && !phases.isEmpty()) {
            html.append("<h2>Phases</h2>\n<table>\n");
            phases.forEach((name, value) -> row(html, String.valueOf(name), value));
            html.append("</table>\n");
        }
        if (r.get("settings") instanceof Map<?, ?> settings) {
            html.append("<h2>Settings</h2>\n<table>\n");
            settings.forEach((name, value) -> row(html, String.valueOf(name), value));
            html.append("</table>\n");
        }
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static String verdict(Map<String, Object> r) {
        long failed = number(r.get("failed"));
        long duplicates = number(r.get("duplicates"));
        if (failed == 0 && duplicates == 0) {
            return "<span class=\"ok\">Every request issued and delivered exactly once.</span>";
        }
        return "<span class=\"bad\">" + failed + " failed, " + duplicates + " duplicated.</span>";
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    private static void row(StringBuilder html, String name, Object value) {
        html.append("<tr><th>").append(esc(name)).append("</th>");
        if (value instanceof Number) {
            html.append("<td class=\"n\">").append(esc(format(value))).append("</td>");
        } else {
            html.append("<td>").append(esc(format(value))).append("</td>");
        }
        html.append("</tr>\n");
    }

    /** Nested maps as {@code a=1, b={c=2}}, numbers without a trailing .0. */
    static String format(Object value) {
        if (value == null) {
            return "\u2013";
        }
        if (value instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
        }
        if (value instanceof Map<?, ?> map) {
            List<String> parts = new ArrayList<>();
            map.forEach((k, v) -> parts.add(k + "=" + (v instanceof Map<?, ?> ? "{" + format(v) + "}" : format(v))));
            return String.join(", ", parts);
        }
        return String.valueOf(value);
    }

    static List<Double> column(List<Map<String, Object>> rows, String key) {
        List<Double> values = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            values.add(row.get(key) instanceof Number n ? n.doubleValue() : null);
        }
        return values;
    }

    /** An SVG chart, one slot per second; an empty series gives a framed "no data" chart. */
    static String chart(String title, String unit, List<Series> series) {
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        int slots = series.stream().mapToInt(s -> s.values().size()).max().orElse(0);
        double max = 0;
        for (Series s : series) {
            for (Double v : s.values()) {
                if (v != null && Double.isFinite(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " role=\"img\" aria-label=\"%s\">",
                WIDTH,
                HEIGHT,
                WIDTH,
                HEIGHT,
                esc(title)));
        svg.append("<title>").append(esc(title)).append("</title>");
        svg.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
                LEFT,
                TOP,
                plotWidth,
                plotHeight));
        if (slots == 0 || max <= 0) {
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#777\" font-size=\"14\">no data</text>",
                    LEFT + plotWidth / 2,
                    TOP + plotHeight / 2));
            return svg.append("</svg>").toString();
        }
        double top = niceCeiling(max);
        double slot = (double) plotWidth / slots;
        for (int i = 0; i <= 4; i++) {
            double value = top * i / 4;
            double y = TOP + plotHeight - plotHeight * i / 4.0;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\" fill=\"#555\">%s</text>",
                    LEFT,
                    y,
                    LEFT + plotWidth,
                    y,
                    LEFT - 4,
                    y + 4,
                    esc(label(value) + " " + unit)));
        }
        int step = Math.max(1, (int) Math.ceil(slots / 10.0));
        for (int i = 0; i < slots; i += step) {
            double x = LEFT + (i + 0.5) * slot;
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\" fill=\"#555\">%ds</text>",
                    x,
                    TOP + plotHeight + 14,
                    i));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\" fill=\"#555\">seconds since the"
                        + " first measured request</text>",
                LEFT + plotWidth / 2,
                HEIGHT - 4));
        for (Series s : series) {
            if (s.bars()) {
                for (int i = 0; i < s.values().size(); i++) {
                    Double v = s.values().get(i);
                    if (v == null || v <= 0) {
                        continue;
                    }
                    double h = plotHeight * v / top;
                    svg.append(String.format(
                            Locale.ROOT,
                            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" opacity=\"0.75\">"
                                    + "<title>%ds: %s</title></rect>",
                            LEFT + i * slot + slot * 0.1,
                            TOP + plotHeight - h,
                            Math.max(0.5, slot * 0.8),
                            h,
                            s.color(),
                            i,
                            esc(s.name() + " " + label(v))));
                }
            } else {
                StringBuilder points = new StringBuilder();
                for (int i = 0; i <= s.values().size(); i++) {
                    Double v = i < s.values().size() ? s.values().get(i) : null;
                    if (v != null && Double.isFinite(v)) {
                        points.append(String.format(
                                Locale.ROOT,
                                "%.1f,%.1f ",
                                LEFT + (i + 0.5) * slot,
                                TOP + plotHeight - plotHeight * v / top));
                    } else if (points.length() > 0) {
                        svg.append(polyline(points.toString().trim(), s.color()));
                        points.setLength(0);
                    }
                }
            }
        }
        int legendX = LEFT + 8;
        for (Series s : series) {
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                            + "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#333\">%s</text>",
                    legendX,
                    8,
                    s.color(),
                    legendX + 16,
                    18,
                    esc(s.name())));
            legendX += 24 + 8 * s.name().length();
        }
        return svg.append("</svg>").toString();
    }

    private static String polyline(String points, String color) {
        if (!points.contains(" ")) {
            // A single point: a dot, since a one-point polyline draws nothing.
            String[] xy = points.split(",");
            return "<circle cx=\"" + xy[0] + "\" cy=\"" + xy[1] + "\" r=\"2.5\" fill=\"" + color + "\"/>";
        }
        return "<polyline points=\"" + points + "\" fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\"/>";
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at or above {@code value}. */
    static double niceCeiling(double value) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double factor : new double[] {1, 2, 2.5, 5, 10}) {
            if (factor * magnitude >= value) {
                return factor * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String label(double value) {
        if (value == Math.rint(value)) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
