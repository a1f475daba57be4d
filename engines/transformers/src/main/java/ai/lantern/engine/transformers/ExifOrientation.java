package ai.lantern.engine.transformers;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The EXIF Orientation tag of a JPEG file and its application, as {@code PIL.ImageOps.exif_transpose}
 * (which HuggingFace's {@code load_image} calls) does: a phone photo stored sideways comes out the
 * right way up. Java's image reader ignores the tag.
 */
final class ExifOrientation {
  private static final int ORIENTATION_TAG = 0x0112;

  private ExifOrientation() {}

  /**
   * The Orientation of a JPEG file's EXIF data.
   *
   * @param file a JPEG file
   * @return 1 to 8; 1 (as stored) when the file has no EXIF or no tag, or its EXIF is malformed
   */
  static int of(Path file) {
    try (InputStream raw = Files.newInputStream(file)) {
      return of(raw);
    } catch (IOException e) {
      return 1; // the image reader reports unreadable files; orientation is only a refinement
    }
  }

  /**
   * The Orientation of a JPEG's EXIF data, read from its bytes.
   *
   * @param raw the JPEG's bytes from the start; not closed
   * @return 1 to 8; 1 (as stored) when there is no EXIF or no tag, or its EXIF is malformed
   */
  static int of(InputStream raw) {
    try {
      DataInputStream in = new DataInputStream(new BufferedInputStream(raw));
      if (in.readUnsignedShort() != 0xFFD8) {
        return 1;
      }
      while (true) {
        int marker = in.readUnsignedShort();
        while (marker == 0xFFFF) {
          marker = 0xFF00 | in.readUnsignedByte(); // fill bytes before a marker, which JPEG allows
        }
        if ((marker & 0xFF00) != 0xFF00 || marker == 0xFFDA || marker == 0xFFD9) {
          return 1; // not a marker, or the image data starts: no EXIF before it
        }
        int length = in.readUnsignedShort() - 2;
        if (length < 0) {
          return 1;
        }
        byte[] segment = new byte[length];
        in.readFully(segment);
        if (marker == 0xFFE1 && length > 6 && segment[0] == 'E' && segment[1] == 'x' && segment[2] == 'i'
            && segment[3] == 'f' && segment[4] == 0 && segment[5] == 0) {
          return fromTiff(segment, 6);
        }
      }
    } catch (EOFException e) {
      return 1;
    } catch (IOException e) {
      return 1; // the image reader reports unreadable files; orientation is only a refinement
    }
  }

  /** The tag in IFD0 of the TIFF structure at {@code start}, either byte order; 1 if absent or malformed. */
  static int fromTiff(byte[] b, int start) {
    if (b.length - start < 8) {
      return 1;
    }
    boolean little;
    if (b[start] == 'I' && b[start + 1] == 'I') {
      little = true;
    } else if (b[start] == 'M' && b[start + 1] == 'M') {
      little = false;
    } else {
      return 1;
    }
    if (u16(b, start + 2, little) != 42) {
      return 1;
    }
    long ifd = start + u32(b, start + 4, little);
    if (ifd < start + 8 || ifd + 2 > b.length) {
      return 1;
    }
    int entries = u16(b, (int) ifd, little);
    for (int i = 0; i < entries; i++) {
      int e = (int) ifd + 2 + 12 * i;
      if (e + 12 > b.length) {
        return 1;
      }
      if (u16(b, e, little) == ORIENTATION_TAG) {
        int type = u16(b, e + 2, little);
        long count = u32(b, e + 4, little);
        // One SHORT in the first two bytes of the value field, or one LONG, which Pillow reads too
        long value = count != 1 ? 0 : type == 3 ? u16(b, e + 8, little) : type == 4 ? u32(b, e + 8, little) : 0;
        return value >= 1 && value <= 8 ? (int) value : 1;
      }
    }
    return 1;
  }

  private static int u16(byte[] b, int i, boolean little) {
    int lo = b[little ? i : i + 1] & 0xFF;
    int hi = b[little ? i + 1 : i] & 0xFF;
    return hi << 8 | lo;
  }

  private static long u32(byte[] b, int i, boolean little) {
    long a = u16(b, i, little);
    long c = u16(b, i + 2, little);
    return little ? c << 16 | a : a << 16 | c;
  }

  /**
   * The image turned as the orientation says, in the same colour model.
   *
   * @param image the decoded image
   * @param orientation 1 to 8, EXIF's meaning
   * @return the image itself for 1 (or an unknown value), else a new image
   */
  static BufferedImage apply(BufferedImage image, int orientation) {
    if (orientation < 2 || orientation > 8) {
      return image;
    }
    int w = image.getWidth();
    int h = image.getHeight();
    boolean swap = orientation >= 5; // 5 to 8 transpose the axes
    int ow = swap ? h : w;
    int oh = swap ? w : h;
    WritableRaster src = image.getRaster();
    WritableRaster dst = image.getColorModel().createCompatibleWritableRaster(ow, oh);
    Object pixel = null;
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        int sx;
        int sy;
        switch (orientation) {
          case 2 -> { sx = w - 1 - x; sy = y; } // mirrored left to right
          case 3 -> { sx = w - 1 - x; sy = h - 1 - y; } // upside down
          case 4 -> { sx = x; sy = h - 1 - y; } // mirrored top to bottom
          case 5 -> { sx = y; sy = x; } // transposed
          case 6 -> { sx = y; sy = h - 1 - x; } // needs a quarter turn clockwise
          case 7 -> { sx = w - 1 - y; sy = h - 1 - x; } // transversed
          default -> { sx = w - 1 - y; sy = x; } // 8: needs a quarter turn anticlockwise
        }
        pixel = src.getDataElements(sx, sy, pixel);
        dst.setDataElements(x, y, pixel);
      }
    }
    return new BufferedImage(image.getColorModel(), dst, image.isAlphaPremultiplied(), null);
  }
}
