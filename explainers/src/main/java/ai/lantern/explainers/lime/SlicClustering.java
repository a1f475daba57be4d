package ai.lantern.explainers.lime;

import java.util.Arrays;

/** The two loops of skimage's SLIC kernel: local k-means, then connectivity. */
final class SlicClustering {
  private SlicClustering() {}

  /**
   * @param image scaled colours, channels last
   * @param seeds the seed grid (its strides set the spatial weight)
   * @param window the grid whose strides bound each centre's search window
   * @return per pixel the index of its centre (-1 if never reached)
   */
  static int[] assign(double[] image, int height, int width, SlicGrid seeds, SlicGrid window, int iterations) {
    int k = seeds.count();
    double[][] centre = new double[k][5];
    int cols = seeds.cols();
    for (int i = 0; i < k; i++) {
      centre[i][0] = seeds.startY + (i / cols) * seeds.strideY;
      centre[i][1] = seeds.startX + (i % cols) * seeds.strideX;
    }
    int n = height * width;
    int[] nearest = new int[n];
    Arrays.fill(nearest, -1);
    double[] distance = new double[n];
    float step = seeds.maxStride();
    // skimage's kernel takes the step as a C float: the square is rounded to float first.
    double spatialWeight = 1.0 / (float) (step * step);
    for (int round = 0; round < iterations; round++) {
      Arrays.fill(distance, Double.MAX_VALUE);
      for (int s = 0; s < k; s++) {
        double cy = centre[s][0];
        double cx = centre[s][1];
        if (Double.isNaN(cy)) {
          continue; // a centre that lost all its pixels is 0/0 and, in skimage too, takes none
        }
        int yMin = (int) Math.max(cy - 2 * window.strideY, 0);
        int yMax = (int) Math.min(cy + 2 * window.strideY + 1, height);
        int xMin = (int) Math.max(cx - 2 * window.strideX, 0);
        int xMax = (int) Math.min(cx + 2 * window.strideX + 1, width);
        for (int y = yMin; y < yMax; y++) {
          double dy = cy - y;
          dy *= dy;
          for (int x = xMin; x < xMax; x++) {
            double dx = cx - x;
            dx *= dx;
            double d = (dy + dx) * spatialWeight;
            int p = y * width + x;
            double colour = 0;
            for (int c = 0; c < 3; c++) {
              double t = image[3 * p + c] - centre[s][2 + c];
              colour += t * t;
            }
            d += colour;
            if (distance[p] > d) {
              nearest[p] = s;
              distance[p] = d;
            }
          }
        }
      }
      long[] members = new long[k];
      double[][] sum = new double[k][5];
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int p = y * width + x;
          int s = nearest[p];
          if (s < 0) {
            continue;
          }
          members[s]++;
          sum[s][0] += y;
          sum[s][1] += x;
          for (int c = 0; c < 3; c++) {
            sum[s][2 + c] += image[3 * p + c];
          }
        }
      }
      for (int s = 0; s < k; s++) {
        for (int c = 0; c < 5; c++) {
          centre[s][c] = sum[s][c] / members[s];
        }
      }
    }
    return nearest;
  }

  /**
   * Splits each label into 4-connected pieces, breadth first in skimage's neighbour order
   * (right, left, down, up), pieces capped at {@code maxSize}; a piece under {@code minSize}
   * takes the label of the last already-labelled other piece it touched.
   */
  static int[] connect(int[] labels, int height, int width, long minSize, int maxSize, int startLabel) {
    int n = labels.length;
    int[] out = new int[n];
    Arrays.fill(out, -1);
    int[] queue = new int[maxSize];
    int[] dy = {0, 0, 1, -1};
    int[] dx = {1, -1, 0, 0};
    int next = startLabel;
    for (int p0 = 0; p0 < n; p0++) {
      if (out[p0] >= 0 || labels[p0] < 0) {
        continue;
      }
      int adjacent = next;
      int label = labels[p0];
      out[p0] = next;
      int size = 1;
      int visited = 0;
      queue[0] = p0;
      while (visited < size && size < maxSize) {
        int y = queue[visited] / width;
        int x = queue[visited] % width;
        for (int i = 0; i < 4; i++) {
          int yy = y + dy[i];
          int xx = x + dx[i];
          if (yy < 0 || yy >= height || xx < 0 || xx >= width) {
            continue;
          }
          int q = yy * width + xx;
          if (labels[q] == label && out[q] < 0) {
            out[q] = next;
            queue[size++] = q;
            if (size >= maxSize) {
              break;
            }
          } else if (out[q] >= 0 && out[q] != next) {
            adjacent = out[q];
          }
        }
        visited++;
      }
      if (size < minSize) {
        for (int i = 0; i < size; i++) {
          out[queue[i]] = adjacent;
        }
      } else {
        next++;
      }
    }
    for (int p = 0; p < n; p++) {
      if (out[p] < 0) {
        out[p] = startLabel - 1; // skimage's "no segment" value, for pixels no centre reached
      }
    }
    return out;
  }
}
