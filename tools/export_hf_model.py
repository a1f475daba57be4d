#!/usr/bin/env python3
"""Export a HuggingFace-style classifier into a Lantern model package.

A package is a directory with
  model.pt        TorchScript with three methods:
                    forward(input_ids, attention_mask, token_type_ids) -> logits: [batch, classes]
                      (sequence classification), [batch, length, classes] (token classification)
                      or [batch, length, 2] (question answering: start, end)
                    embed(input_ids) -> word-embedding output [batch, length, hidden]
                    forward_embeds(inputs_embeds, attention_mask, token_type_ids) -> logits
                  (all id/mask inputs int64 [batch, length]; models without token types accept
                  and ignore the third input)
  tokenizer.json  HuggingFace tokenizers format (or, where only a slow tokenizer exists, its
                  vocab.txt or vocab.json + merges.txt with tokenizer_config.json)
  config.json     id2label, label2id, problem_type, max_position_embeddings, model_type,
                  lantern.task

An image package (``--task image-classification``) has model.pt with forward(pixel_values
[batch, 3, H, W]) -> logits, config.json (id2label, lantern.task) and the model's
preprocessor_config.json; ``export_image_classification`` does the same for any nn.Module.
A torchvision classifier is exported with ``--torchvision ARCH``: ``--model`` is then its state
dict (``torch.save(model.state_dict(), FILE)``), and the package's preprocessor_config.json
describes torchvision's ImageNet evaluation transforms (Resize(resize) bilinear, CenterCrop(crop),
ToTensor, Normalize(ImageNet mean, std)), which Lantern applies the HuggingFace way:
  python3 tools/export_hf_model.py --task image-classification --torchvision resnet18 \
      --model resnet18.pth --labels labels.txt --out DIR [--resize-size 256 --crop-size 224]
(One difference: where the centre crop's margin is odd, torchvision rounds it half to even and
HuggingFace floors it, so the crop can sit one pixel apart.)

Use from the command line with ``transformers`` installed (needs the model on disk or the hub):
  python3 tools/export_hf_model.py --model distilbert-base-uncased-finetuned-sst-2-english --out DIR

or from Python on any ``torch.nn.Module`` that follows HuggingFace's interface
(``get_input_embeddings()`` and ``forward(input_ids=, inputs_embeds=, attention_mask=,
token_type_ids=)`` returning an object with ``.logits``): ``export_sequence_classification``.
"""
import argparse
import inspect
import json
import os
import shutil
import sys

import torch
from torch import nn

PACKAGE_FORMAT = 1


TASKS = ("sequence-classification", "token-classification", "question-answering", "image-classification")
TOKENIZER_FILES = ("tokenizer.json", "vocab.txt", "vocab.json", "merges.txt", "sentencepiece.bpe.model", "spm.model",
                   "added_tokens.json", "tokenizer_config.json", "special_tokens_map.json")


class SequenceClassificationPackage(nn.Module):
    """Gives any HF-style model the three-method interface of the package contract."""

    def __init__(self, model, task="sequence-classification"):
        super().__init__()
        self.model = model
        self.question_answering = task == "question-answering"
        params = inspect.signature(model.forward).parameters
        self.uses_token_types = "token_type_ids" in params

    def _logits(self, attention_mask, token_type_ids, input_ids=None, inputs_embeds=None):
        kwargs = {"attention_mask": attention_mask}
        if input_ids is not None:
            kwargs["input_ids"] = input_ids
        else:
            kwargs["inputs_embeds"] = inputs_embeds
        if self.uses_token_types:
            kwargs["token_type_ids"] = token_type_ids
        out = self.model(**kwargs)
        if self.question_answering:
            start, end = (out.start_logits, out.end_logits) if hasattr(out, "start_logits") else (out[0], out[1])
            return torch.stack([start, end], dim=-1)
        return out.logits if hasattr(out, "logits") else out[0]

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self._logits(attention_mask, token_type_ids, input_ids=input_ids)

    def embed(self, input_ids):
        return self.model.get_input_embeddings()(input_ids)

    def forward_embeds(self, inputs_embeds, attention_mask, token_type_ids):
        return self._logits(attention_mask, token_type_ids, inputs_embeds=inputs_embeds)


def _example_inputs(batch, length, vocab_size, generator):
    ids = torch.randint(5, vocab_size, (batch, length), generator=generator)
    mask = torch.ones(batch, length, dtype=torch.long)
    mask[0, length - 2:] = 0  # one padded row, so masking is part of the traced graph
    types = torch.zeros(batch, length, dtype=torch.long)
    return ids, mask, types


def export_sequence_classification(model, tokenizer_json_path, out_dir, id2label,
                                   max_position_embeddings, model_type,
                                   problem_type="single_label_classification", extra_config=None,
                                   quantize=False, task="sequence-classification"):
    """Trace ``model`` and write a package to ``out_dir``; returns the package path.

    ``task`` is one of ``TASKS``; it decides the shape of the logits (see the module docstring)
    and is recorded as ``lantern.task``. Question-answering models return ``start_logits`` and
    ``end_logits``; the package stacks them into one ``[batch, length, 2]`` tensor.

    The traced file is checked against the eager model on shapes other than the one traced,
    so that a model whose trace baked in a batch size or length fails here, not in Java.

    ``quantize=True`` first applies PyTorch's dynamic int8 quantisation to every ``nn.Linear``
    (weights stored as int8, activations quantised on the fly), the usual way to make BERT fit a
    laptop. Quantised linears have no backward, so such a package has ``forward`` only: black-box
    methods (LIME) work on it, gradient methods do not.
    """
    model.eval()
    if quantize:
        model = torch.quantization.quantize_dynamic(model, {nn.Linear}, dtype=torch.qint8)
    if task not in TASKS:
        raise ValueError(f"task {task!r} is not one of {TASKS}")
    wrapper = SequenceClassificationPackage(model, task).eval()
    vocab_size = model.get_input_embeddings().num_embeddings
    g = torch.Generator().manual_seed(0)
    ids, mask, types = _example_inputs(2, 7, vocab_size, g)
    with torch.no_grad():
        embeds = wrapper.embed(ids)
        methods = {"forward": (ids, mask, types)}
        if not quantize:
            methods.update({"embed": (ids,), "forward_embeds": (embeds, mask, types)})
        traced = torch.jit.trace_module(wrapper, methods, check_trace=False)
    os.makedirs(out_dir, exist_ok=True)
    model_path = os.path.join(out_dir, "model.pt")
    traced.save(model_path)

    loaded = torch.jit.load(model_path)
    with torch.no_grad():
        for batch, length in ((1, 2), (3, 13), (4, 40)):
            ids, mask, types = _example_inputs(batch, length, vocab_size, g)
            want = wrapper(ids, mask, types)
            got = loaded.forward(ids, mask, types)
            via_embeds = got if quantize else loaded.forward_embeds(loaded.embed(ids), mask, types)
            expected = {"sequence-classification": (batch, len(id2label)),
                        "token-classification": (batch, length, len(id2label)),
                        "question-answering": (batch, length, 2)}[task]
            if tuple(want.shape) != expected:
                raise ValueError(f"logits have shape {tuple(want.shape)}, expected {expected} for {task}")
            if not torch.allclose(want, got, atol=1e-5) or not torch.allclose(got, via_embeds, atol=1e-5):
                raise ValueError(f"traced model disagrees with the eager model at shape ({batch}, {length})")

    if os.path.isdir(tokenizer_json_path):
        # A slow tokenizer's files (vocab.txt, or vocab.json + merges.txt, with their settings):
        # Lantern builds the same tokenizer from them.
        for name in TOKENIZER_FILES:
            source = os.path.join(tokenizer_json_path, name)
            if os.path.isfile(source) and os.path.abspath(source) != os.path.abspath(os.path.join(out_dir, name)):
                shutil.copyfile(source, os.path.join(out_dir, name))
    else:
        tokenizer_target = os.path.join(out_dir, "tokenizer.json")
        if os.path.abspath(tokenizer_json_path) != os.path.abspath(tokenizer_target):
            shutil.copyfile(tokenizer_json_path, tokenizer_target)
    config = {
        "model_type": model_type,
        "problem_type": problem_type,
        "id2label": {str(i): label for i, label in id2label.items()},
        "label2id": {label: i for i, label in id2label.items()},
        "max_position_embeddings": max_position_embeddings,
        "lantern": {"format": PACKAGE_FORMAT, "task": task,
                    "methods": ["forward"] if quantize else ["forward", "embed", "forward_embeds"],
                    "uses_token_type_ids": wrapper.uses_token_types},
    }
    if quantize:
        config["lantern"]["quantized"] = "dynamic-int8"
    if extra_config:
        config.update(extra_config)
    with open(os.path.join(out_dir, "config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2, ensure_ascii=False)
        f.write("\n")
    return out_dir


class ImageClassificationPackage(nn.Module):
    """forward(pixel_values [batch, 3, H, W]) -> logits, for any HF image classifier or plain CNN."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, pixel_values):
        out = self.model(pixel_values)
        if hasattr(out, "logits"):
            return out.logits
        return out[0] if isinstance(out, (tuple, list)) else out


def export_image_classification(model, out_dir, id2label, height, width, preprocessor_config=None,
                                extra_config=None):
    """Writes model.pt (forward(pixel_values) -> logits), config.json and preprocessor_config.json.

    ``model`` is a HuggingFace image classifier (``pixel_values`` in, ``.logits`` out) or any
    ``nn.Module`` from [batch, 3, H, W] to logits (a torchvision CNN, say); ``preprocessor_config``
    is HuggingFace's image processor settings (size, image_mean, image_std, ...), copied as given.
    """
    os.makedirs(out_dir, exist_ok=True)
    package = ImageClassificationPackage(model).eval()
    example = torch.zeros(2, 3, height, width)
    with torch.no_grad():
        traced = torch.jit.trace(package, example)
    traced.save(os.path.join(out_dir, "model.pt"))
    config = {
        "id2label": {str(k): v for k, v in sorted(id2label.items())},
        "label2id": {v: k for k, v in sorted(id2label.items())},
        "lantern": {"format": PACKAGE_FORMAT, "task": "image-classification", "methods": ["forward"]},
    }
    if extra_config:
        config.update(extra_config)
    with open(os.path.join(out_dir, "config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2, ensure_ascii=False)
        f.write("\n")
    processor = preprocessor_config or {"do_resize": True, "size": {"height": height, "width": width},
                                        "resample": 2, "do_rescale": True, "rescale_factor": 1 / 255,
                                        "do_normalize": True, "image_mean": [0.5, 0.5, 0.5],
                                        "image_std": [0.5, 0.5, 0.5]}
    with open(os.path.join(out_dir, "preprocessor_config.json"), "w", encoding="utf-8") as f:
        json.dump(processor, f, indent=2)
        f.write("\n")
    return out_dir


IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]


def torchvision_preprocessor(resize_size=256, crop_size=224):
    """HuggingFace image-processor settings equal to torchvision's ImageNet evaluation transforms."""
    return {"do_resize": True, "size": {"shortest_edge": resize_size}, "resample": 2,
            "do_center_crop": True, "crop_size": {"height": crop_size, "width": crop_size},
            "do_rescale": True, "rescale_factor": 1 / 255, "do_normalize": True,
            "image_mean": IMAGENET_MEAN, "image_std": IMAGENET_STD}


def export_torchvision(model, out_dir, labels, resize_size=256, crop_size=224):
    """Exports a torchvision classifier (in eval mode) with torchvision's evaluation preprocessing."""
    return export_image_classification(model.eval(), out_dir, dict(enumerate(labels)), crop_size, crop_size,
                                       preprocessor_config=torchvision_preprocessor(resize_size, crop_size),
                                       extra_config={"model_type": "torchvision"})


def _main_torchvision(args):
    try:
        import torchvision
    except ImportError:
        sys.exit("export_hf_model.py: --torchvision needs the 'torchvision' package")
    if not hasattr(torchvision.models, args.torchvision):
        sys.exit(f"export_hf_model.py: torchvision.models has no {args.torchvision}")
    state = torch.load(args.model, map_location="cpu")
    if not isinstance(state, dict):
        sys.exit(f"export_hf_model.py: {args.model} is not a state dict (save model.state_dict())")
    heads = [v for k, v in state.items() if k.endswith(".weight") and v.dim() == 2]
    classes = heads[-1].shape[0] if heads else 1000
    if args.labels:
        with open(args.labels, encoding="utf-8") as f:
            labels = [line.rstrip("\n") for line in f if line.strip()]
        if len(labels) != classes:
            sys.exit(f"export_hf_model.py: {args.labels} has {len(labels)} labels, the model {classes} classes")
    else:
        labels = [str(i) for i in range(classes)]
    model = getattr(torchvision.models, args.torchvision)(num_classes=classes)
    model.load_state_dict(state)
    export_torchvision(model, args.out, labels, args.resize_size, args.crop_size)
    print(f"wrote {args.out}")


def _main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True,
                   help="HuggingFace model name or local directory; with --torchvision, a state-dict file")
    p.add_argument("--out", required=True, help="package directory to write")
    p.add_argument("--task", default="sequence-classification", choices=list(TASKS))
    p.add_argument("--quantize", action="store_true",
                   help="dynamic int8 quantisation of every nn.Linear (forward only: no gradient methods)")
    p.add_argument("--torchvision", metavar="ARCH", help="a torchvision.models architecture (resnet18, ...)")
    p.add_argument("--labels", help="with --torchvision: a file of class names, one per line")
    p.add_argument("--resize-size", type=int, default=256, help="with --torchvision: Resize's size")
    p.add_argument("--crop-size", type=int, default=224, help="with --torchvision: CenterCrop's size")
    args = p.parse_args()
    if args.torchvision:
        if args.task != "image-classification":
            sys.exit("export_hf_model.py: --torchvision needs --task image-classification")
        return _main_torchvision(args)
    if args.task == "image-classification":
        return _main_image(args)
    try:
        from transformers import (AutoModelForQuestionAnswering, AutoModelForSequenceClassification,
                                  AutoModelForTokenClassification, AutoTokenizer)
    except ImportError:
        sys.exit("export_hf_model.py: the command line needs the 'transformers' package "
                 "(pip install transformers); from Python, call export_sequence_classification()")
    auto = {"sequence-classification": AutoModelForSequenceClassification,
            "token-classification": AutoModelForTokenClassification,
            "question-answering": AutoModelForQuestionAnswering}[args.task]
    model = auto.from_pretrained(args.model, torchscript=True)
    try:
        import hfcompat  # noqa: F401  the offline HuggingFace kit's fixes (../shared/hf-reference), when present
    except ImportError:
        pass
    try:
        tokenizer = AutoTokenizer.from_pretrained(args.model, use_fast=True)
    except ImportError:  # no Rust tokenizers package: the slow tokenizer
        tokenizer = AutoTokenizer.from_pretrained(args.model, use_fast=False)
    os.makedirs(args.out, exist_ok=True)
    if tokenizer.is_fast:
        tok_path = os.path.join(args.out, "tokenizer.json")
        tokenizer.backend_tokenizer.save(tok_path)
    else:
        # Without the Rust tokenizers package: the slow tokenizer's files, which Lantern reads too.
        tokenizer.save_pretrained(args.out)
        tok_path = args.out
    cfg = model.config
    id2label = ({0: "start", 1: "end"} if args.task == "question-answering"
                else {int(k): v for k, v in cfg.id2label.items()})
    export_sequence_classification(
        model, tok_path, args.out, id2label, cfg.max_position_embeddings, cfg.model_type,
        problem_type=cfg.problem_type or "single_label_classification", quantize=args.quantize, task=args.task)
    print(f"wrote {args.out}")


def _main_image(args):
    try:
        from transformers import AutoModelForImageClassification
    except ImportError:
        sys.exit("export_hf_model.py: the command line needs the 'transformers' package; from Python, call "
                 "export_image_classification()")
    model = AutoModelForImageClassification.from_pretrained(args.model, torchscript=True).eval()
    processor_file = os.path.join(args.model, "preprocessor_config.json")
    if not os.path.isfile(processor_file):
        sys.exit(f"export_hf_model.py: {processor_file} is missing: the package needs the image processor's settings")
    try:
        # The processor as transformers reads it: old files' numeric sizes become the dicts they mean.
        from transformers import AutoImageProcessor
        processor = AutoImageProcessor.from_pretrained(args.model).to_dict()
    except (ImportError, OSError, ValueError):
        with open(processor_file, encoding="utf-8") as f:
            processor = json.load(f)
    size = getattr(model.config, "image_size", None)
    if size is None:
        s = processor.get("crop_size") or processor.get("size")
        size = s["height"] if isinstance(s, dict) and "height" in s else s
    height = width = int(size)
    export_image_classification(model, args.out, {int(k): v for k, v in model.config.id2label.items()}, height,
                                width, preprocessor_config=processor,
                                extra_config={"model_type": model.config.model_type})
    print(f"wrote {args.out}")


if __name__ == "__main__":
    _main()
