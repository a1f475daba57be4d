#!/usr/bin/python3
"""Writes benchmarks/src/main/resources/astronaut-224.png (scikit-image's astronaut, resized to
224x224 with PIL's bilinear filter) and times scikit-image's quickshift with lime's settings and
slic with its defaults on it, for comparison with SegmentationBenchmark.

    /usr/bin/python3 tools/bench/segmentation_timing.py [repeats]
"""
import os
import sys
import time

import numpy as np
from PIL import Image
from skimage import data
from skimage.segmentation import quickshift, slic

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "benchmarks", "src", "main", "resources", "astronaut-224.png")


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    image = np.asarray(Image.fromarray(data.astronaut()).resize((224, 224), Image.BILINEAR), dtype=np.uint8)
    Image.fromarray(image).save(OUT)
    for name, fn in [("quickshift (lime)", lambda: quickshift(image, kernel_size=4, max_dist=200, ratio=0.2,
                                                             random_seed=42)),
                     ("slic (defaults)", lambda: slic(image))]:
        fn()  # warm-up
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            labels = fn()
            times.append(time.perf_counter() - t)
        print("%-18s %4d segments  best %.1f ms  median %.1f ms" % (name, len(np.unique(labels)), 1000 * min(times),
                                                                     1000 * sorted(times)[len(times) // 2]))


if __name__ == "__main__":
    main()
