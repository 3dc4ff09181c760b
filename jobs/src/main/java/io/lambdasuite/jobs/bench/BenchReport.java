package io.lambdasuite.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * What every benchmark reports with: statistics over measured runs (median and range), process CPU time, and
 * the three files of a report, {@code <out>/<name>-<time>.md}, {@code .json} and {@code .png} (bar charts drawn
 * headless with JFreeChart), the Markdown linking the chart.
 */
public final class BenchReport {
    private BenchReport() {}

    // ------------------------------------------------------------------ statistics

    public static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        int n = s.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    public static double min(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    public static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** {@code values}, {@code min}, {@code median}, {@code max}: the JSON shape of one measured figure. */
    public static Map<String, Object> stats(List<Double> xs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("values", xs);
        m.put("min", min(xs));
        m.put("median", median(xs));
        m.put("max", max(xs));
        return m;
    }

    /** The p-th percentile (0-100) of {@code xs}, nearest rank. */
    public static double percentile(List<Double> xs, double p) {
        List<Double> s = xs.stream().sorted().toList();
        if (s.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * s.size());
        return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1)));
    }

    /** CPU time of this whole process (every thread: the MiniCluster, the in-process broker, the caller), ns. */
    public static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** A Markdown row {@code | name | median | min – max | goal | met |} of a ratio measured per run. */
    public static String ratioRow(String name, List<Double> xs, String goal, Boolean met) {
        return String.format(Locale.ROOT, "| %s | %.3f | %.3f – %.3f | %s | %s |%n", name, median(xs), min(xs), max(xs),
                goal == null ? "–" : goal, met == null ? "–" : (met ? "yes" : "**no**"));
    }

    // ------------------------------------------------------------------ charts

    /** One bar chart: categories (x) by series (bars), with optional horizontal goal lines. */
    public static final class Panel {
        final String title;
        final String valueAxis;
        final DefaultCategoryDataset data = new DefaultCategoryDataset();
        final Map<String, Double> goals = new LinkedHashMap<>();

        public Panel(String title, String valueAxis) {
            this.title = title;
            this.valueAxis = valueAxis;
        }

        public Panel bar(String series, String category, double value) {
            data.addValue(value, series, category);
            return this;
        }

        public Panel goal(String label, double value) {
            goals.put(label, value);
            return this;
        }
    }

    private static final int PANEL_WIDTH = 900;
    private static final int PANEL_HEIGHT = 380;

    /** Draws the panels one under the other into a PNG. */
    public static void chart(Path png, List<Panel> panels) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(PANEL_WIDTH, PANEL_HEIGHT * panels.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int i = 0; i < panels.size(); i++) {
                chartOf(panels.get(i)).draw(g, new Rectangle2D.Double(0, i * PANEL_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT));
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", png.toFile());
    }

    private static JFreeChart chartOf(Panel p) {
        JFreeChart chart = ChartFactory.createBarChart(p.title, null, p.valueAxis, p.data, PlotOrientation.VERTICAL,
                true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        if (!p.goals.isEmpty()) {
            // markers do not widen the auto range: keep every goal line in view
            double top = Math.max(plot.getRangeAxis().getUpperBound(),
                    p.goals.values().stream().mapToDouble(Double::doubleValue).max().orElse(0) * 1.1);
            plot.getRangeAxis().setRange(0, top);
        }
        for (Map.Entry<String, Double> goal : p.goals.entrySet()) {
            ValueMarker m = new ValueMarker(goal.getValue(), Color.RED, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            m.setLabel(goal.getKey());
            m.setLabelPaint(Color.RED);
            m.setLabelAnchor(RectangleAnchor.TOP_RIGHT); // label above the line, at the right end, inside the plot
            m.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
            plot.addRangeMarker(m);
        }
        return chart;
    }

    // ------------------------------------------------------------------ files

    /** The report files of one benchmark run. */
    public record Files3(Path md, Path json, Path png) {}

    /** Report paths {@code <out>/<name>-<yyyyMMdd-HHmmss>.{md,json,png}} for a run created at {@code now}. */
    public static Files3 paths(Path out, String name, Instant now) throws IOException {
        Files.createDirectories(out);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(now);
        Path base = out.resolve(name + "-" + stamp);
        return new Files3(Path.of(base + ".md"), Path.of(base + ".json"), Path.of(base + ".png"));
    }

    /** Writes the chart, the Markdown (ending with a link to the chart) and the JSON; prints the Markdown. */
    public static void write(Files3 f, String markdown, Map<String, Object> json, List<Panel> panels, PrintStream log)
            throws IOException {
        List<Panel> ps = new ArrayList<>(panels);
        String md = markdown;
        if (!ps.isEmpty()) {
            chart(f.png(), ps);
            md = md + "\n![chart](" + f.png().getFileName() + ")\n";
            json.put("chart", f.png().getFileName().toString());
        }
        Files.writeString(f.md(), md, StandardCharsets.UTF_8);
        Files.writeString(f.json(), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json),
                StandardCharsets.UTF_8);
        log.println();
        log.print(md);
        log.println("[bench] wrote " + f.md() + ", " + f.json() + (ps.isEmpty() ? "" : " and " + f.png()));
    }
}
