package ai.lantern.benchmarks;

import ai.lantern.explainers.lime.Quickshift;
import ai.lantern.explainers.lime.Segmenter;
import ai.lantern.explainers.lime.Slic;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Superpixels of a 224×224 photo (scikit-image's astronaut, written by
 * {@code tools/bench/segmentation_timing.py}, which also times scikit-image on it): quickshift with
 * lime's settings and SLIC with scikit-image's defaults.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SegmentationBenchmark {
  @Param({"quickshift", "slic"})
  public String segmentation;

  private Segmenter segmenter;
  private int[] rgb;

  @Setup
  public void setUp() throws IOException {
    BufferedImage image;
    try (InputStream in = SegmentationBenchmark.class.getResourceAsStream("/astronaut-224.png")) {
      image = ImageIO.read(in);
    }
    rgb = new int[224 * 224 * 3];
    for (int p = 0; p < 224 * 224; p++) {
      int v = image.getRGB(p % 224, p / 224);
      rgb[3 * p] = (v >> 16) & 0xFF;
      rgb[3 * p + 1] = (v >> 8) & 0xFF;
      rgb[3 * p + 2] = v & 0xFF;
    }
    segmenter = segmentation.equals("quickshift") ? Quickshift.lime() : Slic.builder().build();
  }

  @Benchmark
  public int[] segment() {
    return segmenter.segment(rgb, 224, 224);
  }
}
