package ai.lantern.explainers.lime;

/**
 * skimage's {@code regular_grid} for a one-slice volume of {@code 1 × height × width}: the
 * starts and strides of evenly spread seed points, about {@code n} of them. The volume's depth
 * of 1 is why the first guess is a cube root and the grid then falls back to a square one.
 */
final class SlicGrid {
  final int startY;
  final int strideY;
  final int startX;
  final int strideX;
  final int height;
  final int width;

  private SlicGrid(int startY, int strideY, int startX, int strideX, int height, int width) {
    this.startY = startY;
    this.strideY = strideY;
    this.startX = startX;
    this.strideX = strideX;
    this.height = height;
    this.width = width;
  }

  static SlicGrid of(int height, int width, int n) {
    double size = (double) height * width;
    if (size <= n) {
      return new SlicGrid(0, 1, 0, 1, height, width);
    }
    int small = Math.min(height, width);
    int large = Math.max(height, width);
    double cube = Math.pow(size / n, 1.0 / 3);
    double stepSmall = cube;
    double stepLarge = cube;
    if (1 < cube || small < cube || large < cube) {
      // The depth takes its full size; the plane shares the points, unless its short side is too short.
      stepSmall = Math.sqrt(size / n);
      stepLarge = stepSmall;
      if (!(small >= stepSmall && large >= stepLarge)) {
        stepSmall = small;
        stepLarge = (double) large / n;
      }
    }
    double stepY = height <= width ? stepSmall : stepLarge;
    double stepX = height <= width ? stepLarge : stepSmall;
    return new SlicGrid((int) Math.floor(stepY / 2), (int) Math.rint(stepY),
        (int) Math.floor(stepX / 2), (int) Math.rint(stepX), height, width);
  }

  int rows() {
    return startY >= height ? 0 : (height - 1 - startY) / strideY + 1;
  }

  int cols() {
    return startX >= width ? 0 : (width - 1 - startX) / strideX + 1;
  }

  int count() {
    return rows() * cols();
  }

  /** The largest stride, the depth's 1 included: SLIC's spatial scale. */
  int maxStride() {
    return Math.max(1, Math.max(strideY, strideX));
  }
}
