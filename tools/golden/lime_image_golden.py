#!/usr/bin/python3
"""Golden values of LIME for images: lime's LimeImageExplainer algorithm (lime 0.2.0.1, as
../shared/notes/algorithms-wave2.md section 1 describes it), re-implemented with numpy and
scikit-learn's Ridge, run on the committed image fixtures with a given segmentation: a grid, or scikit-image's own
quickshift (lime's ratio 0.2 and random_seed 42, with kernel_size=2 and max_dist=50: lime's
kernel_size=4, max_dist=200 make one superpixel of a 32x32 image; scikit-image 0.19.3 from Debian)
or slic (start_label=0), so segmentation, sampling and surrogate are checked together.

    /usr/bin/python3 tools/golden/lime_image_golden.py

Writes explainers/src/test/resources/golden/lime-image.json: per case the segmentation, the
sampled rows (one hex string per row, bit z = superpixel z kept), and per explained label the
weights by superpixel, the intercept, the score (R^2) and the local prediction. The model is the
TorchScript package itself, loaded with torch.jit.load, fed the perturbed images through the same
preprocessing as preprocessor_config.json (rescale 1/255, normalise).
"""
import json
import os

import numpy as np
import torch
from PIL import Image
from sklearn.linear_model import Ridge

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "explainers", "src", "test", "resources", "golden", "lime-image.json")


def classifier(model_dir):
    model = torch.jit.load(os.path.join(model_dir, "model.pt"))
    with open(os.path.join(model_dir, "preprocessor_config.json")) as f:
        p = json.load(f)
    mean = np.array(p["image_mean"], dtype=np.float64).reshape(1, 3, 1, 1)
    std = np.array(p["image_std"], dtype=np.float64).reshape(1, 3, 1, 1)

    def fn(images):  # N x H x W x 3 uint8
        x = images.astype(np.float64).transpose(0, 3, 1, 2) * p["rescale_factor"]
        x = ((x - mean) / std).astype(np.float32)
        with torch.no_grad():
            return torch.softmax(model(torch.tensor(x)), dim=1).double().numpy()
    return fn


def grid(h, w, block):
    """Segments of block x block pixels, numbered row by row from 0."""
    cols = (w + block - 1) // block
    return np.array([[(y // block) * cols + (x // block) for x in range(w)] for y in range(h)], dtype=np.int64)


def lime_image(image, segments, fn, seed, num_samples, batch_size, top_labels):
    rs = np.random.RandomState(seed)
    rs.randint(0, 1000)  # lime draws random_seed first, even with a segmentation given
    fudged = image.copy()
    for x in np.unique(segments):
        for c in range(3):
            fudged[segments == x, c] = np.mean(image[segments == x][:, c])
    d = np.unique(segments).shape[0]
    data = rs.randint(0, 2, num_samples * d).reshape((num_samples, d))
    data[0, :] = 1
    labels = []
    imgs = []
    for row in data:
        temp = image.copy()
        zeros = np.where(row == 0)[0]
        mask = np.zeros(segments.shape).astype(bool)
        for z in zeros:
            mask[segments == z] = True
        temp[mask] = fudged[mask]
        imgs.append(temp)
        if len(imgs) == batch_size:
            labels.extend(fn(np.array(imgs)))
            imgs = []
    if imgs:
        labels.extend(fn(np.array(imgs)))
    labels = np.array(labels)
    k = data.sum(axis=1)
    distances = 1 - np.sqrt(k / d)
    distances[k == 0] = 1.0
    weights = np.sqrt(np.exp(-(distances ** 2) / 0.25 ** 2))
    top = list(np.argsort(labels[0])[-top_labels:])
    top.reverse()
    explained = []
    for label in top:
        y = labels[:, label]
        reg = Ridge(alpha=1, fit_intercept=True)
        reg.fit(data, y, sample_weight=weights)
        score = reg.score(data, y, sample_weight=weights)
        local = reg.predict(data[0:1])[0]
        order = sorted(range(d), key=lambda i: -abs(reg.coef_[i]))
        explained.append({"label": int(label), "weights": [float(c) for c in reg.coef_], "order": order,
                          "intercept": float(reg.intercept_), "score": float(score), "localPrediction": float(local)})
    rows = ["".join("1" if b else "0" for b in row) for row in data]
    return {"probabilities": [float(v) for v in labels[0]], "rows": rows, "explanations": explained}


ASTRONAUT = os.path.join(ROOT, "explainers", "src", "test", "resources", "segmentation", "astronaut-48.png")
ASTRONAUT_32 = os.path.join(ROOT, "explainers", "src", "test", "resources", "segmentation", "astronaut-32.png")


def main():
    from skimage.segmentation import quickshift, slic
    # A 32x32 crop of the astronaut (a natural image: quickshift finds several superpixels there).
    crop = np.array(Image.open(ASTRONAUT).convert("RGB"), dtype=np.uint8)[8:40, 8:40]
    Image.fromarray(crop, "RGB").save(ASTRONAUT_32)
    cases = []
    for name, image_file, segmentation, seed in [("digits-cnn", "digit-0-7.png", 8, 3),
                                                 ("planted-image", "patch.png", 2, 11),
                                                 ("digits-cnn", "astronaut-32.png", "quickshift", 5),
                                                 ("digits-cnn", "astronaut-32.png", "slic", 9)]:
        model_dir = os.path.join(ROOT, "models", name)
        path = ASTRONAUT_32 if image_file == "astronaut-32.png" else os.path.join(model_dir, image_file)
        image = np.array(Image.open(path).convert("RGB"), dtype=np.uint8)
        if segmentation == "quickshift":
            segments = quickshift(image, kernel_size=2, max_dist=50, ratio=0.2, random_seed=42)
        elif segmentation == "slic":
            segments = slic(image, n_segments=12, compactness=10, start_label=0)
        else:
            segments = grid(image.shape[0], image.shape[1], segmentation)
        result = lime_image(image, segments, classifier(model_dir), seed, 300, 10, 2)
        result.update({"model": name, "image": image_file, "seed": seed, "samples": 300, "batchSize": 10,
                       "topLabels": 2, "segments": [int(v) for v in segments.flatten()]})
        if isinstance(segmentation, int):
            result["block"] = segmentation
        else:
            result["segmentation"] = segmentation
        cases.append(result)
    with open(OUT, "w") as f:
        json.dump({"generator": "tools/golden/lime_image_golden.py", "cases": cases}, f)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
