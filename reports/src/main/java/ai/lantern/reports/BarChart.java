package ai.lantern.reports;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * A horizontal bar chart of signed values (feature weights) or of probabilities, as SVG or PNG.
 * Both come from one layout, so they look the same. Positive bars are green and negative ones
 * red (probability charts are blue); labels longer than {@value #MAX_LABEL} characters are
 * shortened with an ellipsis, the full text kept in the SVG tooltip. Readable from 1 to 50 bars.
 */
public final class BarChart {
  /**
   * One bar.
   *
   * @param label the text beside the bar, full length (the chart shortens it); not null
   * @param value the bar's length: a signed weight, or a probability in [0, 1]
   */
  public record Bar(String label, double value) {
    /**
     * Checks the label.
     *
     * @param label the text beside the bar, full length (the chart shortens it); not null
     * @param value the bar's length: a signed weight, or a probability in [0, 1]
     * @throws NullPointerException if {@code label} is null
     */
    public Bar {
      Objects.requireNonNull(label, "label");
    }
  }

  static final int MAX_LABEL = 32;
  private static final int WIDTH = 720;
  private static final int ROW = 22;
  private static final int TOP = 36;
  private static final int BOTTOM = 16;
  private static final int CHAR = 7;
  private static final String POSITIVE = "#2e7d32";
  private static final String NEGATIVE = "#c62828";
  private static final String NEUTRAL = "#1565c0";

  private final String title;
  private final List<Bar> bars;
  private final boolean probabilities;

  private BarChart(String title, List<Bar> bars, boolean probabilities) {
    this.title = Objects.requireNonNull(title, "title");
    this.bars = List.copyOf(bars);
    this.probabilities = probabilities;
  }

  /**
   * A chart of signed weights, on an axis that spans the smallest and largest value and zero.
   *
   * @param title the heading above the bars; not null
   * @param bars the bars, drawn top to bottom in this order (sort by |value| first); copied, may be empty
   * @return the chart
   * @throws NullPointerException if {@code title}, {@code bars} or one of the bars is null
   */
  public static BarChart weights(String title, List<Bar> bars) {
    return new BarChart(title, bars, false);
  }

  /**
   * A chart of probabilities on a fixed 0..1 axis, so that charts of several texts compare.
   *
   * @param title the heading above the bars; not null
   * @param bars the bars, values in [0, 1], drawn top to bottom in this order; copied, may be empty
   * @return the chart
   * @throws NullPointerException if {@code title}, {@code bars} or one of the bars is null
   */
  public static BarChart probabilities(String title, List<Bar> bars) {
    return new BarChart(title, bars, true);
  }

  /** Positions of everything, shared by both renderers. */
  private record Layout(int width, int height, int labelWidth, int plotLeft, int plotWidth, int axisX, double scale) {}

  private Layout layout() {
    int longest = bars.stream().mapToInt(b -> shorten(b.label()).length()).max().orElse(4);
    int labelWidth = Math.min(MAX_LABEL + 1, Math.max(4, longest)) * CHAR + 12;
    // Room for the longest value printed right of the bars ("+3.00e-06" is longer than "+0.1234").
    int longestValue = bars.stream().mapToInt(b -> format(b.value(), probabilities).length()).max().orElse(7);
    int valueWidth = Math.max(64, longestValue * CHAR + 12);
    int plotLeft = labelWidth + 8;
    int plotWidth = WIDTH - plotLeft - valueWidth;
    double min = probabilities ? 0 : Math.min(0, bars.stream().mapToDouble(Bar::value).min().orElse(0));
    double max = probabilities ? 1 : Math.max(0, bars.stream().mapToDouble(Bar::value).max().orElse(0));
    double span = max - min == 0 ? 1 : max - min;
    int axisX = plotLeft + (int) Math.round(plotWidth * (-min / span));
    return new Layout(WIDTH, TOP + ROW * Math.max(1, bars.size()) + BOTTOM, labelWidth, plotLeft, plotWidth, axisX,
        plotWidth / span);
  }

  static String shorten(String label) {
    String one = label.replaceAll("\\s+", " ");
    return one.length() <= MAX_LABEL ? one : one.substring(0, MAX_LABEL - 1) + "…";
  }

  private String color(Bar b) {
    return probabilities ? NEUTRAL : b.value() >= 0 ? POSITIVE : NEGATIVE;
  }

  private static String format(double v, boolean probability) {
    return probability ? String.format(Locale.ROOT, "%.3f", v) : Xml.score("%+.4f", v);
  }

  /**
   * A standalone SVG document.
   *
   * @return the SVG text, {@value #WIDTH} pixels wide; each bar's tooltip gives its full label and value
   */
  public String toSvg() {
    Layout l = layout();
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\">%n", l.width(), l.height(),
        l.width(), l.height()));
    s.append("<title>").append(Xml.escape(title)).append("</title>\n");
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    s.append(String.format(Locale.ROOT, "<text x=\"8\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
        Xml.escape(title)));
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      int y = TOP + i * ROW;
      int len = (int) Math.round(Math.abs(b.value()) * l.scale());
      int x = b.value() >= 0 ? l.axisX() : l.axisX() - len;
      s.append("<g><title>").append(Xml.escape(b.label() + ": " + format(b.value(), probabilities)))
          .append("</title>");
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
          l.labelWidth(), y + 15, Xml.escape(shorten(b.label()))));
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>", x, y + 3,
          Math.max(len, 1), ROW - 6, color(b)));
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#333333\">%s</text></g>%n",
          l.plotLeft() + l.plotWidth() + 6, y + 15, format(b.value(), probabilities)));
    }
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555555\"/>%n",
        l.axisX(), TOP - 2, l.axisX(), TOP + ROW * bars.size() + 2));
    s.append("</svg>\n");
    return s.toString();
  }

  /**
   * The same chart as an image (works in a headless JVM).
   *
   * @return a new RGB image, {@value #WIDTH} pixels wide, of the same size as {@link #toSvg()}
   */
  public BufferedImage toImage() {
    Layout l = layout();
    BufferedImage img = new BufferedImage(l.width(), l.height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, l.width(), l.height());
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.drawString(title, 8, 20);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      for (int i = 0; i < bars.size(); i++) {
        Bar b = bars.get(i);
        int y = TOP + i * ROW;
        String label = shorten(b.label());
        g.setColor(Color.BLACK);
        g.drawString(label, l.labelWidth() - g.getFontMetrics().stringWidth(label), y + 15);
        int len = (int) Math.round(Math.abs(b.value()) * l.scale());
        int x = b.value() >= 0 ? l.axisX() : l.axisX() - len;
        g.setColor(Color.decode(color(b)));
        g.fillRect(x, y + 3, Math.max(len, 1), ROW - 6);
        g.setColor(Color.DARK_GRAY);
        g.drawString(format(b.value(), probabilities), l.plotLeft() + l.plotWidth() + 6, y + 15);
      }
      g.setColor(Color.GRAY);
      g.setStroke(new BasicStroke(1));
      g.drawLine(l.axisX(), TOP - 2, l.axisX(), TOP + ROW * bars.size() + 2);
    } finally {
      g.dispose();
    }
    return img;
  }

  /**
   * Writes {@link #toImage()} as a PNG file.
   *
   * @param file the file to write, replaced if it exists; its folder must exist; not null
   * @throws IOException if the file cannot be written
   */
  public void writePng(Path file) throws IOException {
    ImageIO.write(toImage(), "png", file.toFile());
  }
}
