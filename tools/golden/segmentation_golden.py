#!/usr/bin/python3
"""Golden values of superpixel segmentation: scikit-image's quickshift and slic (the Debian
scikit-image 0.19.3 installed with /usr/bin/python3, numpy 1.24) and the numpy Generator normal
draws that quickshift uses to break ties (numpy.random.default_rng(seed): SeedSequence, PCG64,
ziggurat standard normal).

    /usr/bin/python3 tools/golden/segmentation_golden.py

Writes explainers/src/test/resources/golden/segmentation.json and two test images as PNG under
explainers/src/test/resources/segmentation/ (a 48x48 box-filtered crop of skimage.data.astronaut()
and a 36x52 picture of flat coloured regions); the third image is the committed digit
models/digits-cnn/digit-0-7.png (a load_digits digit upsampled to 32x32).

normal: per seed, 20,000 draws of default_rng(seed).normal(scale=1e-5) and of a fresh
standard_normal: the first 300 of each, every draw with |z| > 3 (with its index; the ziggurat's
tail path makes those beyond 3.654), the last 50 (a skipped or extra draw on a slow path shifts
them) and the sum. Images go to skimage as uint8 arrays, as Lantern's segmenters take 0..255 ints.
"""
import json
import os

import numpy as np
import skimage
from PIL import Image
from skimage import data
from skimage.segmentation import quickshift, slic

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "explainers", "src", "test", "resources", "golden", "segmentation.json")
IMAGES = os.path.join(ROOT, "explainers", "src", "test", "resources", "segmentation")
DRAWS = 20000


def draws(values, scale):
    z = values / scale
    tail = [[int(i), float(values[i])] for i in np.nonzero(np.abs(z) > 3)[0]]
    return {"first": [float(v) for v in values[:300]], "tail": tail,
            "last": [float(v) for v in values[-50:]], "sum": float(np.sum(values))}


def normal_cases():
    out = []
    for seed in [42, 0, 123456789]:
        normal = np.random.default_rng(seed).normal(scale=1e-5, size=DRAWS)
        standard = np.random.default_rng(seed).standard_normal(DRAWS)
        out.append({"seed": seed, "count": DRAWS, "scale": 1e-5,
                    "normal": draws(normal, 1e-5), "standard": draws(standard, 1.0),
                    "tailPathDraws": int(np.sum(np.abs(standard) > 3.6541528853610087))})
    return out


def flat_image():
    img = np.zeros((36, 52, 3), dtype=np.uint8)
    img[:, :] = (200, 30, 30)
    img[:, 26:] = (20, 120, 220)
    img[8:28, 10:40] = (128, 128, 128)
    img[14:22, 20:30] = (250, 250, 250)
    img[30:, :12] = (0, 0, 0)
    return img


def images():
    digit = np.asarray(Image.open(os.path.join(ROOT, "models", "digits-cnn", "digit-0-7.png")).convert("RGB"))
    face = Image.fromarray(data.astronaut()[20:212, 140:332]).resize((48, 48), Image.BOX)
    os.makedirs(IMAGES, exist_ok=True)
    face.save(os.path.join(IMAGES, "astronaut-48.png"))
    Image.fromarray(flat_image()).save(os.path.join(IMAGES, "flat-36x52.png"))
    return [("digit-0-7", "models/digits-cnn/digit-0-7.png", digit),
            ("astronaut-48", "segmentation/astronaut-48.png", np.asarray(face)),
            ("flat-36x52", "segmentation/flat-36x52.png", flat_image())]


QUICKSHIFT = [dict(kernel_size=4, max_dist=200, ratio=0.2, random_seed=42),
              dict(kernel_size=4, max_dist=200, ratio=0.2, random_seed=7),
              dict(),
              dict(kernel_size=2, max_dist=6, ratio=0.5, random_seed=3)]
SLIC = [dict(), dict(n_segments=30, compactness=20, start_label=0),
        dict(n_segments=30, compactness=20, start_label=1)]


def main():
    result = {"skimage": skimage.__version__, "numpy": np.__version__, "normal": normal_cases(),
              "images": [], "quickshift": [], "slic": []}
    for name, path, img in images():
        assert img.dtype == np.uint8 and img.ndim == 3 and img.shape[2] == 3
        result["images"].append({"name": name, "path": path, "height": img.shape[0],
                                 "width": img.shape[1], "pixelSum": int(img.astype(np.int64).sum())})
        for params in QUICKSHIFT:
            labels = quickshift(img, **params)
            result["quickshift"].append({"image": name, "params": params,
                                         "segments": int(labels.max()) + 1,
                                         "labels": labels.ravel().tolist()})
        for params in SLIC:
            labels = slic(img, **params)
            result["slic"].append({"image": name, "params": params,
                                   "labels": labels.ravel().tolist()})
    with open(OUT, "w") as f:
        json.dump(result, f, separators=(",", ":"))
    print("wrote", OUT, os.path.getsize(OUT), "bytes")
    for case in result["quickshift"] + result["slic"]:
        print(case["image"], case["params"], len(set(case["labels"])), "segments")
    for n in result["normal"]:
        print("seed", n["seed"], "tail-path draws", n["tailPathDraws"], "|z|>3:", len(n["standard"]["tail"]))


if __name__ == "__main__":
    main()
