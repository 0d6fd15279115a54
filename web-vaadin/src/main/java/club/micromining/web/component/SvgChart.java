package club.micromining.web.component;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Charts drawn on the server as SVG text: an area chart of a series over time and a bar chart. No
 * JavaScript chart library (and no paid component); the page just shows the markup.
 */
public final class SvgChart {
    private static final int W = 600;
    private static final int H = 180;
    private static final int LEFT = 4;
    private static final int TOP = 18;
    private static final int BOTTOM = 20;

    private SvgChart() {
    }

    /** One value with the label under it (shown for a few points only). */
    public record Point(String label, double value) {
    }

    /**
     * An area chart; {@code format} writes the peak value in the corner.
     *
     * @param title read by screen readers
     */
    public static String area(String title, List<Point> points, Function<Double, String> format) {
        StringBuilder s = open(title);
        double max = points.stream().mapToDouble(Point::value).max().orElse(0);
        if (points.size() < 2 || max <= 0) {
            return close(s.append(baseline()));
        }
        double dx = (double) (W - LEFT * 2) / (points.size() - 1);
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            line.append(i == 0 ? "M" : "L").append(fmt(LEFT + i * dx)).append(',').append(fmt(y(points.get(i).value(), max)));
        }
        s.append("<path d=\"").append(line).append("L").append(fmt(LEFT + (points.size() - 1) * dx)).append(',').append(H - BOTTOM)
                .append("L").append(LEFT).append(',').append(H - BOTTOM).append("Z\" fill=\"var(--lumo-primary-color-10pct)\"/>");
        s.append("<path d=\"").append(line).append("\" fill=\"none\" stroke=\"var(--lumo-primary-color)\" stroke-width=\"2\"/>");
        s.append(baseline());
        s.append(text(W - LEFT, TOP - 4, "end", format.apply(max)));
        labels(s, points, dx);
        return close(s);
    }

    /** A bar chart, one bar per point. */
    public static String bars(String title, List<Point> points, Function<Double, String> format) {
        StringBuilder s = open(title);
        double max = points.stream().mapToDouble(Point::value).max().orElse(0);
        if (points.isEmpty() || max <= 0) {
            return close(s.append(baseline()));
        }
        double slot = (double) (W - LEFT * 2) / points.size();
        for (int i = 0; i < points.size(); i++) {
            double top = y(points.get(i).value(), max);
            s.append("<rect x=\"").append(fmt(LEFT + i * slot + slot * 0.15)).append("\" y=\"").append(fmt(top))
                    .append("\" width=\"").append(fmt(slot * 0.7)).append("\" height=\"").append(fmt(H - BOTTOM - top))
                    .append("\" fill=\"var(--lumo-primary-color)\"><title>").append(escape(points.get(i).label())).append(": ")
                    .append(escape(format.apply(points.get(i).value()))).append("</title></rect>");
        }
        s.append(baseline());
        s.append(text(W - LEFT, TOP - 4, "end", format.apply(max)));
        labels(s, points, slot);
        return close(s);
    }

    private static void labels(StringBuilder s, List<Point> points, double dx) {
        int n = points.size();
        int[] at = n < 3 ? new int[] {0, n - 1} : new int[] {0, n / 2, n - 1};
        String[] anchor = n < 3 ? new String[] {"start", "end"} : new String[] {"start", "middle", "end"};
        for (int i = 0; i < at.length; i++) {
            s.append(text(LEFT + at[i] * dx, H - 4, anchor[i], points.get(at[i]).label()));
        }
    }

    private static StringBuilder open(String title) {
        return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(W).append(' ').append(H)
                .append("\" width=\"100%\" role=\"img\" style=\"max-height:220px\"><title>").append(escape(title)).append("</title>");
    }

    private static String close(StringBuilder s) {
        return s.append("</svg>").toString();
    }

    private static String baseline() {
        return "<line x1=\"" + LEFT + "\" y1=\"" + (H - BOTTOM) + "\" x2=\"" + (W - LEFT) + "\" y2=\"" + (H - BOTTOM)
                + "\" stroke=\"var(--lumo-contrast-30pct)\"/>";
    }

    private static double y(double value, double max) {
        return TOP + (H - BOTTOM - TOP) * (1 - value / max);
    }

    private static String text(double x, double y, String anchor, String t) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor
                + "\" font-size=\"12\" fill=\"var(--lumo-secondary-text-color)\">" + escape(t) + "</text>";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Text in the markup is escaped: labels come from account and worker names. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
