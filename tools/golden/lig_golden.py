#!/usr/bin/python3
"""Golden values for Lantern's Layer Integrated Gradients, from PyTorch autograd.

    /usr/bin/python3 tools/golden/lig_golden.py

For each fixture package (models/<name>/model.pt, loaded with torch.jit.load) and a list of
texts, targets and integration methods, computes Integrated Gradients with respect to the
word-embedding output as shared/notes/algorithms.md §2 and §3 define them (Captum 0.7's
conventions: step weights multiplied as float32, summed over steps; baseline [CLS] [PAD]...
[SEP]; per-token sums over the hidden dimension, L2-normalised over all tokens), and writes
explainers/src/test/resources/golden/lig/<name>.json. Token ids come from the independent
Python WordPiece tokenizer (tools/fixtures/wordpiece.py).
"""
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "fixtures"))

from wordpiece import BertTokenizer, load_vocab  # noqa: E402

OUT = os.path.join(ROOT, "explainers", "src", "test", "resources", "golden", "lig")
METHODS = ["gausslegendre", "riemann_left", "riemann_right", "riemann_middle", "riemann_trapezoid"]

CASES = {
    "sst2-tiny": [
        ("I love you, I like you", [None, 0], METHODS, [50]),
        ("this movie was terrible and boring", [None], ["gausslegendre", "riemann_trapezoid"], [50, 7]),
        ("a charming and often affecting journey", [None, 1], ["gausslegendre"], [50]),
        ("Café crème: naïve résumé, I 💖 it", [None], ["gausslegendre"], [50]),
    ],
    "agnews-tiny": [
        ("The stock market fell sharply after the central bank raised interest rates", [None, 1], METHODS, [50]),
        ("The team won the championship game in overtime", [None, 3], ["gausslegendre", "riemann_middle"], [50]),
        ("NASA launched a new satellite to study climate change on Mars", [None], ["gausslegendre"], [20]),
    ],
    "multilabel-tiny": [
        ("a tiger played the piano under the oak", [0, 1, 2], ["gausslegendre", "riemann_right"], [50]),
        ("the zebra liked the song", [0, 1], ["gausslegendre"], [50]),
    ],
    "planted-tiny": [
        ("the story was long but the zebra made it", [None, 2], ["gausslegendre", "riemann_left"], [50]),
        ("people said the music was fine and the maple was old", [None], ["gausslegendre"], [50]),
    ],
}


def steps(method, n):
    """Points a_i and weights s_i of the integral over [0, 1]."""
    if method == "gausslegendre":
        t, v = np.polynomial.legendre.leggauss(n)
        return list(0.5 * (t + 1)), list(0.5 * v)
    if method == "riemann_left":
        return [i / n for i in range(n)], [1 / n] * n
    if method == "riemann_right":
        return [i / n for i in range(1, n + 1)], [1 / n] * n
    if method == "riemann_middle":
        return [(i + 0.5) / n for i in range(n)], [1 / n] * n
    if method == "riemann_trapezoid":
        w = [1 / n] * n
        w[0] /= 2
        w[-1] /= 2
        return [i / (n - 1) for i in range(n)], w
    raise ValueError(method)


def target_value(model, embeds, mask, types, target, output, multi_label=False):
    logits = model.forward_embeds(embeds, mask, types)
    if output == "logit":
        return logits[:, target]
    if multi_label or logits.shape[1] == 1:
        return torch.sigmoid(logits)[:, target]
    return torch.softmax(logits, dim=-1)[:, target]


def integrated_gradients(model, ids, baseline_ids, target, method, n, output, multi_label=False, type_ids=None):
    ids_t = torch.tensor([ids])
    base_t = torch.tensor([baseline_ids])
    mask = torch.ones_like(ids_t)
    types = torch.zeros_like(ids_t) if type_ids is None else torch.tensor([type_ids])
    with torch.no_grad():
        x = model.embed(ids_t)
        xb = model.embed(base_t)
    alphas, weights = steps(method, n)
    path = torch.cat([xb + float(a) * (x - xb) for a in alphas], dim=0).detach().requires_grad_(True)
    value = target_value(model, path, mask.expand(n, -1), types.expand(n, -1), target, output, multi_label)
    grads, = torch.autograd.grad(value.sum(), path)
    scaled = grads.reshape(n, -1) * torch.tensor(weights).view(n, 1)  # float32 weights, as Captum
    total = scaled.sum(dim=0).reshape(x.shape)
    attributions = (total * (x - xb))[0]
    per_token = attributions.sum(dim=-1)
    with torch.no_grad():
        fx = target_value(model, x, mask, types, target, output, multi_label).item()
        fb = target_value(model, xb, mask, types, target, output, multi_label).item()
    return per_token, fx, fb


# Sentence pairs: (text, pair, targets, methods, step counts); the model has one logit (sigmoid).
PAIR_CASES = {
    "pair-tiny": [
        ("the zebra was tired", "a tiger slept", [0], ["gausslegendre", "riemann_middle"], [50]),
        ("the zebra was tired", "he played the piano", [0], ["gausslegendre"], [50]),
        ("Café crème with a violin", "piano 💖 music", [0], ["gausslegendre"], [20]),
    ],
}


def pairs(tok, vocab):
    for name, cases in PAIR_CASES.items():
        model = torch.jit.load(os.path.join(ROOT, "models", name, "model.pt")).eval()
        specials = {vocab["[CLS]"], vocab["[SEP]"]}
        out = []
        for text, pair, targets, methods, step_counts in cases:
            ids, types = tok.encode_pair(text, pair)
            baseline = [i if i in specials else vocab["[PAD]"] for i in ids]
            for t in targets:
                for method in methods:
                    for n in step_counts:
                        per_token, fx, fb = integrated_gradients(model, ids, baseline, t, method, n, "probability",
                                                                 type_ids=types)
                        raw = per_token.double()
                        out.append({"text": text, "pair": pair, "ids": ids, "types": types, "target": t,
                                    "method": method, "steps": n, "raw": raw.tolist(),
                                    "normalized": (raw / raw.norm()).tolist(), "fx": fx, "fBaseline": fb,
                                    "delta": float(raw.sum()) - (fx - fb)})
        with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8") as f:
            json.dump({"model": name, "pairs": out}, f, ensure_ascii=False)
        print(name, len(out), "pair cases")


def main():
    torch.set_num_threads(2)
    vocab = load_vocab(os.path.join(ROOT, "..", "shared", "data", "vocab", "bert-base-uncased-vocab.txt"))
    tok = BertTokenizer(vocab)
    os.makedirs(OUT, exist_ok=True)
    for name, cases in CASES.items():
        model = torch.jit.load(os.path.join(ROOT, "models", name, "model.pt")).eval()
        with open(os.path.join(ROOT, "models", name, "config.json"), encoding="utf-8") as f:
            multi_label = json.load(f).get("problem_type") == "multi_label_classification"
        out = []
        for text, targets, methods, step_counts in cases:
            ids, _ = tok.encode(text)
            baseline = [ids[0]] + [vocab["[PAD]"]] * (len(ids) - 2) + [ids[-1]]
            with torch.no_grad():
                logits = model.forward(torch.tensor([ids]), torch.ones(1, len(ids), dtype=torch.long),
                                       torch.zeros(1, len(ids), dtype=torch.long))[0]
            predicted = int(logits.argmax())  # multi-label too: the most probable label
            for target in targets:
                t = predicted if target is None else target
                for method in methods:
                    for n in step_counts:
                        for output in (("probability", "logit") if method == "gausslegendre" and n == 50
                                       else ("probability",)):
                            per_token, fx, fb = integrated_gradients(model, ids, baseline, t, method, n, output,
                                                                     multi_label)
                            raw = per_token.double()
                            out.append({
                                "text": text, "ids": ids, "target": t, "predicted": predicted,
                                "method": method, "steps": n, "output": output,
                                "raw": raw.tolist(), "normalized": (raw / raw.norm()).tolist(),
                                "delta": float(raw.sum()) - (fx - fb), "fx": fx, "fBaseline": fb,
                            })
        with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8") as f:
            json.dump({"model": name, "cases": out}, f, ensure_ascii=False)
        print(name, len(out), "cases")
    pairs(tok, vocab)


if __name__ == "__main__":
    main()
