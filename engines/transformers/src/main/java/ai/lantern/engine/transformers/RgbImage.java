package ai.lantern.engine.transformers;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * An 8-bit RGB image as HuggingFace's processors hold it, with the steps that make it: PIL's
 * {@code convert("RGB")}, PIL's resize and transformers' {@code center_crop}.
 *
 * @param width the width
 * @param height the height
 * @param pixels {@code 0xRRGGBB}, row by row
 */
record RgbImage(int width, int height, int[] pixels) {

  /**
   * The image as PIL's {@code convert("RGB")} makes it from the mode PIL reads the file in: grey
   * replicated; 1-, 2- and 4-bit grey scaled to 0..255; 16-bit grey without alpha (PIL's mode
   * {@code I}) <em>clipped</em> to 255, not shifted, so that only values up to 255 keep their level;
   * 16-bit grey with alpha and 16-bit colour reduced to their high byte (PIL reads them so); alpha
   * dropped without compositing; a palette looked up.
   *
   * @param image a decoded image
   * @return its RGB pixels
   */
  static RgbImage of(BufferedImage image) {
    int h = image.getHeight();
    int w = image.getWidth();
    int[] out = new int[h * w];
    Raster r = image.getRaster();
    int bands = r.getNumBands();
    boolean grey = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    boolean indexed = image.getColorModel() instanceof java.awt.image.IndexColorModel;
    int bits = image.getColorModel().getComponentSize(0);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb;
        if (grey && bands <= 2) {
          int v = r.getSample(x, y, 0);
          if (bits > 8) {
            v = bands == 1 ? Math.min(v, 255) : v >> (bits - 8);
          } else if (bits < 8) {
            v = v * 255 / ((1 << bits) - 1);
          }
          rgb = v << 16 | v << 8 | v;
        } else if (bits > 8 && !indexed && bands >= 3) {
          int s = bits - 8;
          rgb = (r.getSample(x, y, 0) >> s) << 16 | (r.getSample(x, y, 1) >> s) << 8 | r.getSample(x, y, 2) >> s;
        } else {
          rgb = image.getRGB(x, y) & 0xFFFFFF;
        }
        out[y * w + x] = rgb;
      }
    }
    return new RgbImage(w, h, out);
  }

  /**
   * The image resized as PIL's {@code Image.resize}.
   *
   * @param newWidth the new width
   * @param newHeight the new height
   * @param filter PIL's filter number
   * @return the resized image
   */
  RgbImage resized(int newWidth, int newHeight, int filter) {
    return new RgbImage(newWidth, newHeight, PilResize.resize(pixels, width, height, newWidth, newHeight, filter));
  }

  /**
   * The centre crop of transformers' {@code center_crop}: the crop's offset rounds down, and a crop
   * larger than the image pads it with black around the centre.
   *
   * @param cropHeight the crop's height
   * @param cropWidth the crop's width
   * @return the cropped (or padded) image
   * @throws IllegalArgumentException where transformers' padding would make an image one row or
   *     column short of the crop (it does when the difference is odd): HuggingFace would give the
   *     model an input of another shape
   */
  RgbImage centreCrop(int cropHeight, int cropWidth) {
    if (cropHeight == height && cropWidth == width) {
      return this;
    }
    int top = offset(height, cropHeight);
    int left = offset(width, cropWidth);
    if (top == Integer.MIN_VALUE || left == Integer.MIN_VALUE) {
      throw new IllegalArgumentException("a " + width + "×" + height + " image padded to the crop of "
          + cropWidth + "×" + cropHeight + " comes out one pixel short in transformers' center_crop (an odd "
          + "difference): HuggingFace would not give the model an input of its size");
    }
    int[] out = new int[cropHeight * cropWidth];
    for (int y = 0; y < cropHeight; y++) {
      int sy = top + y;
      for (int x = 0; x < cropWidth; x++) {
        int sx = left + x;
        out[y * cropWidth + x] = sy >= 0 && sy < height && sx >= 0 && sx < width ? pixels[sy * width + sx] : 0;
      }
    }
    return new RgbImage(cropWidth, cropHeight, out);
  }

  /**
   * Where the crop starts in the image along one axis (negative: padding first), or
   * {@code Integer.MIN_VALUE} where transformers' slice would come out one short.
   */
  private static int offset(int size, int crop) {
    if (crop <= size) {
      return Math.floorDiv(size - crop, 2);
    }
    // transformers pads to the crop's size, the image at (crop - size) // 2, then slices from
    // (size - crop) // 2 + that padding, clamped at 0: one short when the difference is odd.
    int pad = (crop - size) / 2;
    int start = Math.floorDiv(size - crop, 2) + pad;
    return start < 0 ? Integer.MIN_VALUE : -pad;
  }

  /**
   * The image as a Java image.
   *
   * @return an RGB image
   */
  BufferedImage toBufferedImage() {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, width, height, pixels, 0, width);
    return img;
  }
}
