package ai.lantern.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Captum's normalisation and colour maps, worked by hand. */
class ImageViewsTest {
  @Test
  void theThresholdIsWhereTheRunningSumPassesTheKeptShare() {
    double[][] map = {{1, 2}, {3, 4}};
    double[][] all = ImageViews.normalise(map, ImageViews.Sign.ALL, 0);
    assertArrayEquals(new double[] {0.25, 0.5}, all[0], 1e-12);
    // 50 % outliers: running sums 1, 3, 6, 10 pass 5 at the value 3.
    double[][] half = ImageViews.normalise(map, ImageViews.Sign.ALL, 50);
    assertArrayEquals(new double[] {1 / 3.0, 2 / 3.0}, half[0], 1e-12);
    assertArrayEquals(new double[] {1, 1}, half[1], 1e-12);
    double[][] mixed = {{-2, 1}, {0, 1}};
    assertArrayEquals(new double[] {-1, 0.5}, ImageViews.normalise(mixed, ImageViews.Sign.ALL, 0)[0], 1e-12);
    assertArrayEquals(new double[] {0, 1}, ImageViews.normalise(mixed, ImageViews.Sign.POSITIVE, 0)[0], 1e-12);
    assertArrayEquals(new double[] {1, 0}, ImageViews.normalise(mixed, ImageViews.Sign.NEGATIVE, 0)[0], 1e-12);
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> ImageViews.normalise(map, ImageViews.Sign.NEGATIVE, 10));
    assertTrue(none.getMessage().contains("nothing to show"), none.getMessage());
  }

  @Test
  void coloursAreCaptumsMaps() {
    assertEquals(0xff0000, ImageViews.colour(-1, ImageViews.Sign.ALL));
    assertEquals(0x008000, ImageViews.colour(1, ImageViews.Sign.ALL));
    int middle = ImageViews.colour(0, ImageViews.Sign.ALL);
    assertTrue((middle >> 16 & 0xFF) >= 253 && (middle >> 8 & 0xFF) >= 253, Integer.toHexString(middle));
    assertEquals(0xf7fcf5, ImageViews.colour(0, ImageViews.Sign.POSITIVE));
    assertEquals(0x00441b, ImageViews.colour(1, ImageViews.Sign.POSITIVE));
    assertEquals(0x67000d, ImageViews.colour(1, ImageViews.Sign.NEGATIVE));
    assertEquals(0x08306b, ImageViews.colour(1, ImageViews.Sign.ABSOLUTE_VALUE));
  }

  @Test
  void viewsAreDrawnEnlargedAndOneSignViewsRefuseAll() {
    BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    double[][] map = new double[16][16];
    map[3][4] = 2;
    map[10][10] = -1;
    BufferedImage heat = ImageViews.render(image, map, ImageViews.View.HEATMAP, ImageViews.Sign.ALL, 0, false);
    assertEquals(256, heat.getWidth());
    assertEquals(0x008000, heat.getRGB(4 * 16 + 8, 3 * 16 + 8) & 0xFFFFFF, "the strongest positive pixel is green");
    BufferedImage both = ImageViews.render(image, map, ImageViews.View.OVERLAY, ImageViews.Sign.ALL, 10, true);
    assertEquals(2 * 256 + 8, both.getWidth());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ImageViews.render(image, map, ImageViews.View.MASKED_IMAGE, ImageViews.Sign.ALL, 10, false));
    assertTrue(e.getMessage().contains("masked_image shows one sign"), e.getMessage());
    BufferedImage alpha = ImageViews.render(image, map, ImageViews.View.ALPHA_SCALING, ImageViews.Sign.POSITIVE, 0,
        false);
    assertEquals(0x000000, alpha.getRGB(4 * 16 + 8, 3 * 16 + 8) & 0xFFFFFF, "opaque: the (black) image shows");
    assertEquals(0xffffff, alpha.getRGB(8, 8) & 0xFFFFFF, "transparent: the white page shows");
  }
}
