#!/usr/bin/python3
"""Golden pixel_values of HuggingFace's image processors (transformers 4.30.2, resizing through
Pillow 9.4), for ImageProcessorGoldenTest.

    eval "$(/work/shared/hf-reference/setup.sh)"
    /usr/bin/python3 tools/golden/image_processor_golden.py

Makes small test images into engines/transformers/src/test/resources/images/ (PNG: RGB, 8-bit and
16-bit grey, grey+alpha, RGBA, palette, and a small one to upsample; JPEG: one picture saved with each
EXIF Orientation 1..8), loads each with transformers.image_utils.load_image (so EXIF orientation is
applied and the image converted with PIL's convert("RGB")), runs it through ViTImageProcessor (32x32,
every PIL resample filter), CLIPImageProcessor (shortest_edge + centre crop, also with a crop larger
than the resized image, which pads) and DeiTImageProcessor (height/width then crop), and writes
engines/transformers/src/test/resources/golden/image-processor.json.

Each case's pixel_values (channel, row, column) are stored losslessly as the 0..255 values they come
from ("u8", base64): the script checks that (u8 * rescale_factor - mean) / std, computed as
transformers does (float64 product cast to float32, then float32 arithmetic), gives back exactly the
processor's pixel_values, so the test can rebuild them. A few cases also store the float values
themselves ("pixel_values", base64 float32 little-endian) as a check of that rebuilding.
"""
import base64
import io
import json
import os

import numpy as np
from PIL import Image

import transformers  # noqa: F401  (import order: transformers before hfcompat)
from transformers import CLIPImageProcessor, ConvNextImageProcessor, DeiTImageProcessor, ViTImageProcessor
from transformers.image_utils import load_image

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
RES = os.path.join(ROOT, "engines", "transformers", "src", "test", "resources")
IMAGES = os.path.join(RES, "images")
OUT = os.path.join(RES, "golden", "image-processor.json")


def picture(width, height, seed):
    """Smooth gradients, a few hard edges and some noise: every filter gives different values."""
    rng = np.random.RandomState(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    r = 255 * x / (width - 1)
    g = 128 + 120 * np.sin(x / 3.0) * np.cos(y / 4.0)
    b = np.where((x // 6 + y // 5) % 2 == 0, 230, 20).astype(np.float64)
    rgb = np.stack([r, g, b], axis=-1) + rng.normal(0, 12, (height, width, 3))
    return np.clip(np.round(rgb), 0, 255).astype(np.uint8)


def make_images():
    os.makedirs(IMAGES, exist_ok=True)
    made = {}

    def save(name, image, **kw):
        image.save(os.path.join(IMAGES, name), **kw)
        made[name] = Image.open(os.path.join(IMAGES, name)).mode  # as PIL reads it back

    rgb = picture(37, 53, 1)
    save("rgb-37x53.png", Image.fromarray(rgb, "RGB"))
    save("grey8-41x29.png", Image.fromarray(picture(41, 29, 2)[..., 1], "L"))
    grey16 = np.random.RandomState(3).randint(0, 700, (43, 35)).astype(np.uint16)  # PIL clips > 255
    save("grey16-35x43.png", Image.fromarray(grey16))
    la = np.dstack([picture(31, 37, 4)[..., 0], np.linspace(0, 255, 31 * 37).reshape(37, 31).astype(np.uint8)])
    save("greyalpha-31x37.png", Image.fromarray(la, "LA"))
    rgba = np.dstack([picture(45, 33, 5), np.full((33, 45), 77, np.uint8)])
    save("rgba-45x33.png", Image.fromarray(rgba, "RGBA"))
    save("palette-39x47.png", Image.fromarray(picture(39, 47, 6), "RGB").quantize(16))
    save("small-13x11.png", Image.fromarray(picture(13, 11, 7), "RGB"))
    base = Image.fromarray(picture(24, 40, 8), "RGB")
    for o in range(1, 9):
        exif = Image.Exif()
        exif[0x0112] = o
        save("exif%d-24x40.jpg" % o, base, quality=95, subsampling=0, exif=exif.tobytes())
    return made


def b64(array, dtype):
    return base64.b64encode(np.ascontiguousarray(array, dtype=dtype).tobytes()).decode("ascii")


def rebuilt(u8, config):
    mean = np.array(config.get("image_mean", [0.5] * 3), dtype=np.float32).reshape(3, 1, 1)
    std = np.array(config.get("image_std", [0.5] * 3), dtype=np.float32).reshape(3, 1, 1)
    return ((u8.astype(np.float64) * config.get("rescale_factor", 1 / 255)).astype(np.float32) - mean) / std


VIT = {"image_processor_type": "ViTImageProcessor", "do_resize": True, "do_rescale": True, "do_normalize": True,
       "size": {"height": 32, "width": 32}, "rescale_factor": 1 / 255, "image_mean": [0.5, 0.5, 0.5],
       "image_std": [0.5, 0.5, 0.5]}
CLIP = {"image_processor_type": "CLIPImageProcessor", "do_resize": True, "size": {"shortest_edge": 40},
        "resample": 3, "do_center_crop": True, "crop_size": {"height": 32, "width": 32}, "do_rescale": True,
        "rescale_factor": 1 / 255, "do_normalize": True, "image_mean": [0.48145466, 0.4578275, 0.40821073],
        "image_std": [0.26862954, 0.26130258, 0.27577711], "do_convert_rgb": True}
PROCESSORS = {"vit-r%d" % r: (ViTImageProcessor, dict(VIT, resample=r)) for r in range(6)}
PROCESSORS["vit-default"] = (ViTImageProcessor, VIT)  # no resample: ViTImageProcessor's BILINEAR
PROCESSORS["clip-se40-crop32"] = (CLIPImageProcessor, CLIP)
# A crop larger than the resized image: transformers pads with zeros, and where the padding is odd
# its center_crop returns one row or column fewer than crop_size (the test expects a refusal there).
PROCESSORS["clip-se26-crop34"] = (CLIPImageProcessor, dict(CLIP, size={"shortest_edge": 26}, resample=2,
                                                           crop_size={"height": 34, "width": 34}))
PROCESSORS["deit-40-crop32"] = (DeiTImageProcessor, {
    "image_processor_type": "DeiTImageProcessor", "do_resize": True, "size": {"height": 40, "width": 36},
    "resample": 3, "do_center_crop": True, "crop_size": {"height": 32, "width": 32}, "do_rescale": True,
    "rescale_factor": 1 / 255, "do_normalize": True, "image_mean": [0.485, 0.456, 0.406],
    "image_std": [0.229, 0.224, 0.225]})

# Older files: numbers for size and crop_size, read by get_size_dict per class (CLIP's number is
# the shortest edge, DeiT's a square); ConvNeXt's crop_pct below 384 (its plain
# square resize from 384 on would make this file too large).
PROCESSORS["clip-legacy-40-32"] = (CLIPImageProcessor, dict(CLIP, size=40, crop_size=32))
PROCESSORS["deit-legacy-40-32"] = (DeiTImageProcessor, dict(PROCESSORS["deit-40-crop32"][1], size=40, crop_size=32))
CONVNEXT = {"image_processor_type": "ConvNextImageProcessor", "do_resize": True, "size": {"shortest_edge": 32},
            "crop_pct": 0.875, "resample": 3, "do_rescale": True, "rescale_factor": 1 / 255, "do_normalize": True,
            "image_mean": [0.485, 0.456, 0.406], "image_std": [0.229, 0.224, 0.225]}
PROCESSORS["convnext-se32-pct0.875"] = (ConvNextImageProcessor, CONVNEXT)


def main():
    made = make_images()
    cases = []
    for name in sorted(made):
        jpeg = name.endswith(".jpg")
        processors = ["vit-r2", "clip-se40-crop32"] if jpeg else sorted(PROCESSORS)
        for p in processors:
            cls, config = PROCESSORS[p]
            kwargs = {k: v for k, v in config.items() if k != "image_processor_type"}
            processor = cls(**kwargs)
            pixels = processor(load_image(os.path.join(IMAGES, name)), return_tensors="np")["pixel_values"][0]
            mean = np.array(config["image_mean"], dtype=np.float32).reshape(3, 1, 1)
            std = np.array(config["image_std"], dtype=np.float32).reshape(3, 1, 1)
            u8 = np.round((pixels * std + mean) * 255).astype(np.int64)
            assert u8.min() >= 0 and u8.max() <= 255
            back = rebuilt(u8, config)
            assert np.array_equal(back, pixels), (name, p, np.abs(back - pixels).max())
            case = {"image": name, "processor": p, "config": config, "shape": list(pixels.shape),
                    "u8": b64(u8, np.uint8)}
            if p in ("vit-r2", "clip-se40-crop32") and name == "rgb-37x53.png":
                case["pixel_values"] = b64(pixels, "<f4")
            cases.append(case)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"generator": "tools/golden/image_processor_golden.py",
                   "transformers": transformers.__version__, "pillow": Image.__version__,
                   "modes": made, "cases": cases}, f, indent=1)
        f.write("\n")
    print(len(cases), "cases;", OUT)


if __name__ == "__main__":
    main()
