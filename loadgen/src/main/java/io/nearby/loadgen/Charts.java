package io.nearby.loadgen;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's pictures, as PNG files next to it (JFreeChart, headless): the CPU per update and per delivery of the
 * server, the floor and the Redis baseline (bars); the end-to-end latency CDF of the three (log x-axis); and, for a
 * sweep, CPU per update and latency against the offered rate. The data for each chart is computed by pure methods
 * ({@link #cdf}, {@link #cpuBars}, ...); only {@link #write} draws and writes.
 */
final class Charts {
    static final int WIDTH = 960;
    static final int HEIGHT = 540;
    private static final Color SERVER = new Color(0xC0392B);
    private static final Color SERVER_REDIS = new Color(0xE6A19A);
    private static final Color FLOOR = new Color(0x2471A3);
    private static final Color REDIS = new Color(0x7F8C8D);

    private Charts() {
    }

    /** One chart written next to the report: its caption and its file name (relative to the report). */
    record Written(String caption, String file) {
    }

    /** One point of a CDF: latency (ms) and the share of samples at or below it. */
    record Point(double x, double y) {
    }

    /**
     * Draws every chart the result has data for into {@code dir} as {@code <stem>-<name>.png}.
     *
     * @return the charts written, in the order the report shows them
     */
    static List<Written> write(BenchResult r, Path dir, String stem) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Written> out = new ArrayList<>();
        String rateNote = r.sweep() != null ? " (sweep step 1, " + Report.rate(r.sweep().steps().getFirst().offeredPerSecond())
                + " updates/s)" : " (" + Report.rate(r.workload().offeredPerSecond()) + " updates/s offered)";

        DefaultCategoryDataset bars = cpuBars(r);
        if (bars.getColumnCount() > 0) {
            out.add(save(dir, stem + "-cpu.png", "CPU per update and per delivery: server vs stack floor vs Redis baseline" + rateNote,
                    barChart("CPU per update and per delivery" + rateNote, bars)));
        }
        XYSeriesCollection cdf = cdfs(r);
        if (cdf.getSeriesCount() > 0) {
            out.add(save(dir, stem + "-latency-cdf.png", "End-to-end latency CDF: server vs stack floor vs Redis baseline (paced)" + rateNote,
                    cdfChart("End-to-end latency CDF" + rateNote, cdf)));
        }
        if (r.sweep() != null && !r.sweep().steps().isEmpty()) {
            out.add(save(dir, stem + "-sweep-cpu.png", "Sweep: CPU per update vs offered load",
                    sweepChart("CPU per update vs offered load", "µs of CPU per update (process)", sweepCpu(r.sweep()), false)));
            out.add(save(dir, stem + "-sweep-latency.png", "Sweep: end-to-end latency vs offered load",
                    sweepChart("End-to-end latency vs offered load", "latency, ms (log)", sweepLatency(r.sweep()), true)));
        }
        return out;
    }

    // ------------------------------------------------------------------ data (pure)

    /** Bars: CPU per update and per delivery (µs) of the server, the server + its Redis, the floor, the Redis baseline. */
    static DefaultCategoryDataset cpuBars(BenchResult r) {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        String perUpdate = "CPU per update, µs";
        String perDelivery = "CPU per delivery, µs";
        BenchResult.Phase s = r.serverPhase();
        double redis = Double.isNaN(r.resources().redisCores()) ? 0 : r.resources().redisCores();
        double withRedis = r.resources().serverCores() + redis;
        addFinite(d, s.cpuPerUpdateMicros(), "Nearby server (process)", perUpdate);
        addFinite(d, s.cpuPerDeliveryMicros(), "Nearby server (process)", perDelivery);
        addFinite(d, withRedis * r.load().seconds() * 1e6 / s.updates(), "Nearby server + its Redis", perUpdate);
        addFinite(d, withRedis * r.load().seconds() * 1e6 / s.deliveries(), "Nearby server + its Redis", perDelivery);
        if (r.floor() != null) {
            addFinite(d, r.floor().phase().cpuPerUpdateMicros(), "stack floor (Helidon forwarder)", perUpdate);
            addFinite(d, r.floor().phase().cpuPerDeliveryMicros(), "stack floor (Helidon forwarder)", perDelivery);
        }
        if (r.baseline() != null) {
            double b = r.baseline().maxRate().cpuPerDeliveryMicros();
            addFinite(d, b, "Redis baseline (Redis + Jedis, max rate)", perUpdate);
            addFinite(d, b, "Redis baseline (Redis + Jedis, max rate)", perDelivery);
        }
        return d;
    }

    private static void addFinite(DefaultCategoryDataset d, double v, String series, String category) {
        if (Double.isFinite(v)) {
            d.addValue(v, series, category);
        }
    }

    /** The CDFs of the server's, the floor's and the paced baseline's end-to-end latency, where recorded. */
    static XYSeriesCollection cdfs(BenchResult r) {
        XYSeriesCollection c = new XYSeriesCollection();
        addCdf(c, "Nearby server", r.load().latencyHistogram());
        if (r.floor() != null) {
            addCdf(c, "stack floor", r.floor().load().latencyHistogram());
        }
        if (r.baseline() != null) {
            addCdf(c, "Redis baseline, paced", r.baseline().paced().histogram());
        }
        return c;
    }

    private static void addCdf(XYSeriesCollection c, String name, Histogram h) {
        if (h == null || h.getTotalCount() == 0) {
            return;
        }
        XYSeries s = new XYSeries(name, true, false);
        for (Point p : cdf(h)) {
            s.add(p.x(), p.y());
        }
        c.addSeries(s);
    }

    /**
     * The empirical CDF of a latency histogram recorded in µs: one point per distinct recorded value (ms, at least
     * 0.001 so that a log axis can show it), with the share of samples at or below it; the last point is at 1.
     */
    static List<Point> cdf(Histogram micros) {
        List<Point> out = new ArrayList<>();
        long total = micros.getTotalCount();
        if (total == 0) {
            return out;
        }
        for (HistogramIterationValue v : micros.recordedValues()) {
            double ms = Math.max(0.001, micros.highestEquivalentValue(v.getValueIteratedTo()) / 1000.0);
            double share = (double) v.getTotalCountToThisValue() / total;
            if (!out.isEmpty() && out.getLast().x() >= ms) {
                out.set(out.size() - 1, new Point(out.getLast().x(), share));
            } else {
                out.add(new Point(ms, share));
            }
        }
        return out;
    }

    /** Sweep: µs of CPU per update against offered updates/s, server and floor. */
    static XYSeriesCollection sweepCpu(BenchResult.SweepResult sweep) {
        XYSeries server = new XYSeries("Nearby server", true, false);
        XYSeries floor = new XYSeries("stack floor", true, false);
        for (BenchResult.SweepStep st : sweep.steps()) {
            addFinite(server, st.offeredPerSecond(), st.server().cpuPerUpdateMicros());
            if (st.floor() != null) {
                addFinite(floor, st.offeredPerSecond(), st.floor().cpuPerUpdateMicros());
            }
        }
        return collection(server, floor);
    }

    /** Sweep: p50 and p99 (ms) against offered updates/s, server and floor. */
    static XYSeriesCollection sweepLatency(BenchResult.SweepResult sweep) {
        XYSeries s50 = new XYSeries("Nearby server p50", true, false);
        XYSeries s99 = new XYSeries("Nearby server p99", true, false);
        XYSeries f50 = new XYSeries("stack floor p50", true, false);
        XYSeries f99 = new XYSeries("stack floor p99", true, false);
        for (BenchResult.SweepStep st : sweep.steps()) {
            LatencySummary l = st.server().load().endToEnd();
            addPositive(s50, st.offeredPerSecond(), l.p50Ms());
            addPositive(s99, st.offeredPerSecond(), l.p99Ms());
            if (st.floor() != null) {
                LatencySummary f = st.floor().load().endToEnd();
                addPositive(f50, st.offeredPerSecond(), f.p50Ms());
                addPositive(f99, st.offeredPerSecond(), f.p99Ms());
            }
        }
        return collection(s50, s99, f50, f99);
    }

    private static void addFinite(XYSeries s, double x, double y) {
        if (Double.isFinite(x) && Double.isFinite(y)) {
            s.add(x, y);
        }
    }

    private static void addPositive(XYSeries s, double x, double y) {
        if (Double.isFinite(y) && y > 0) {
            s.add(x, y);
        }
    }

    private static XYSeriesCollection collection(XYSeries... series) {
        XYSeriesCollection c = new XYSeriesCollection();
        for (XYSeries s : series) {
            if (s.getItemCount() > 0) {
                c.addSeries(s);
            }
        }
        return c;
    }

    // ------------------------------------------------------------------ drawing

    private static Written save(Path dir, String file, String caption, JFreeChart chart) throws IOException {
        ChartUtils.saveChartAsPNG(dir.resolve(file).toFile(), chart, WIDTH, HEIGHT);
        return new Written(caption, file);
    }

    private static JFreeChart barChart(String title, DefaultCategoryDataset data) {
        JFreeChart chart = ChartFactory.createBarChart(title, null, "µs of CPU", data, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        style(chart);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        BarRenderer bars = (BarRenderer) plot.getRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setItemMargin(0.05);
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("#,##0.#")));
        bars.setDefaultItemLabelsVisible(true);
        Color[] palette = {SERVER, SERVER_REDIS, FLOOR, REDIS};
        for (int i = 0; i < data.getRowCount(); i++) {
            bars.setSeriesPaint(i, colour(String.valueOf(data.getRowKey(i)), palette[i % palette.length]));
        }
        return chart;
    }

    private static JFreeChart cdfChart(String title, XYSeriesCollection data) {
        JFreeChart chart = ChartFactory.createXYLineChart(title, null, "share of deliveries at or below", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setDomainAxis(decades("end-to-end latency, ms (log)"));
        NumberAxis y = (NumberAxis) plot.getRangeAxis();
        y.setRange(0, 1.0);
        lines(chart, plot, data, false);
        return chart;
    }

    private static JFreeChart sweepChart(String title, String yLabel, XYSeriesCollection data, boolean logY) {
        JFreeChart chart = ChartFactory.createXYLineChart(title, "offered location updates/s", yLabel, data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        if (logY) {
            plot.setRangeAxis(decades(yLabel));
        } else {
            ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
        }
        ((NumberAxis) plot.getDomainAxis()).setNumberFormatOverride(new DecimalFormat("#,##0"));
        lines(chart, plot, data, true);
        return chart;
    }

    /** A log axis with a labelled tick per decade (0.1, 1, 10, ...) and unlabelled ones in between. */
    private static LogAxis decades(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setSmallestValue(0.001);
        axis.setAutoTickUnitSelection(false);
        axis.setTickUnit(new NumberTickUnit(1.0));
        axis.setMinorTickCount(9);
        axis.setMinorTickMarksVisible(true);
        axis.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
        return axis;
    }

    private static void lines(JFreeChart chart, XYPlot plot, XYSeriesCollection data, boolean shapes) {
        style(chart);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, shapes);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            String name = String.valueOf(data.getSeriesKey(i));
            r.setSeriesPaint(i, colour(name, REDIS));
            boolean dashed = name.endsWith("p50");
            r.setSeriesStroke(i, dashed
                    ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke(2f));
        }
        plot.setRenderer(r);
    }

    private static Color colour(String series, Color fallback) {
        if (series.contains("+ its Redis")) {
            return SERVER_REDIS;
        }
        if (series.startsWith("Nearby server")) {
            return SERVER;
        }
        if (series.startsWith("stack floor")) {
            return FLOOR;
        }
        if (series.startsWith("Redis")) {
            return REDIS;
        }
        return fallback;
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.getTitle().setFont(chart.getTitle().getFont().deriveFont(16f));
    }
}
