#!/usr/bin/python3
"""Golden values for Lantern's Layer Integrated Gradients, from PyTorch autograd.

    /usr/bin/python3 tools/golden/lig_golden.py [FIXTURE ...]

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
        ("Café crème — £5, 東京 is great", [None], ["gausslegendre"], [50]),
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


def target_value(model, embeds, mask, types, target, output, multi_label=False, position=None):
    logits = model.forward_embeds(embeds, mask, types)
    if position is not None:  # a model with an output row per token: that token's row
        logits = logits[:, position, :]
    if output == "logit":
        return logits[:, target]
    if multi_label or logits.shape[1] == 1:
        return torch.sigmoid(logits)[:, target]
    return torch.softmax(logits, dim=-1)[:, target]


def integrated_gradients(model, ids, baseline_ids, target, method, n, output, multi_label=False, type_ids=None,
                         position=None):
    ids_t = torch.tensor([ids])
    base_t = torch.tensor([baseline_ids])
    mask = torch.ones_like(ids_t)
    types = torch.zeros_like(ids_t) if type_ids is None else torch.tensor([type_ids])
    with torch.no_grad():
        x = model.embed(ids_t)
        xb = model.embed(base_t)
    alphas, weights = steps(method, n)
    path = torch.cat([xb + float(a) * (x - xb) for a in alphas], dim=0).detach().requires_grad_(True)
    value = target_value(model, path, mask.expand(n, -1), types.expand(n, -1), target, output, multi_label, position)
    grads, = torch.autograd.grad(value.sum(), path)
    scaled = grads.reshape(n, -1) * torch.tensor(weights).view(n, 1)  # float32 weights, as Captum
    total = scaled.sum(dim=0).reshape(x.shape)
    attributions = (total * (x - xb))[0]
    per_token = attributions.sum(dim=-1)
    with torch.no_grad():
        fx = target_value(model, x, mask, types, target, output, multi_label, position).item()
        fb = target_value(model, xb, mask, types, target, output, multi_label, position).item()
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


ZERO_SHOT = [("the zebra was tired", ["animals", "music", "sports"]),
             ("we watched football and heard the piano", ["music", "sports"]),
             ("Café crème: I 💖 the violin", ["sports", "animals", "music"])]
TEMPLATE = "this text is about {} ."


def zero_shot(tok, vocab):
    """HuggingFace's zero-shot scores and, per candidate, IG of the pair's entailment probability."""
    name = "nli-tiny"
    model = torch.jit.load(os.path.join(ROOT, "models", name, "model.pt")).eval()
    with open(os.path.join(ROOT, "models", name, "config.json"), encoding="utf-8") as f:
        label2id = json.load(f)["label2id"]
    entail = next(i for label, i in label2id.items() if label.lower().startswith("entail"))
    contra = next(i for label, i in label2id.items() if label.lower().startswith("contradict"))
    specials = {vocab["[CLS]"], vocab["[SEP]"]}
    out = []
    for premise, candidates in ZERO_SHOT:
        logits, explained = [], []
        for label in candidates:
            ids, types = tok.encode_pair(premise, TEMPLATE.format(label))
            with torch.no_grad():
                logits.append(model.forward(torch.tensor([ids]), torch.ones(1, len(ids), dtype=torch.long),
                                            torch.tensor([types]))[0].double())
            baseline = [i if i in specials else vocab["[PAD]"] for i in ids]
            per_token, fx, fb = integrated_gradients(model, ids, baseline, entail, "gausslegendre", 50, "probability",
                                                     type_ids=types)
            raw = per_token.double()
            explained.append({"label": label, "ids": ids, "types": types, "raw": raw.tolist(),
                              "normalized": (raw / raw.norm()).tolist(), "fx": fx, "fBaseline": fb,
                              "delta": float(raw.sum()) - (fx - fb)})
        entail_logits = torch.stack([l[entail] for l in logits])
        single = torch.softmax(entail_logits, 0)
        multi = torch.stack([torch.softmax(torch.stack([l[contra], l[entail]]), 0)[1] for l in logits])
        out.append({"text": premise, "candidates": candidates, "single": single.tolist(), "multi": multi.tolist(),
                    "explained": explained})
    with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8") as f:
        json.dump({"model": name, "template": TEMPLATE, "zeroShot": out}, f, ensure_ascii=False)
    print(name, len(out), "zero-shot cases")


NER = ["john smith flew to new york", "svetlana visited ouagadougou", "paris paris", "Café crème in Paris with John 💖",
       "Mary paid £5 in 東京 — naïve résumé"]


def token_classification(tok, vocab):
    """IG of each non-O token's predicted-label probability (softmax over that token's labels)."""
    name = "ner-tiny"
    model = torch.jit.load(os.path.join(ROOT, "models", name, "model.pt")).eval()
    with open(os.path.join(ROOT, "models", name, "config.json"), encoding="utf-8") as f:
        labels = [label for _, label in sorted((int(k), v) for k, v in json.load(f)["id2label"].items())]
    out = []
    for text in NER:
        ids, types = tok.encode(text)
        baseline = [ids[0]] + [vocab["[PAD]"]] * (len(ids) - 2) + [ids[-1]]
        with torch.no_grad():
            logits = model.forward(torch.tensor([ids]), torch.ones(1, len(ids), dtype=torch.long),
                                   torch.tensor([types]))[0]
        predicted = logits.argmax(-1).tolist()
        tokens = []
        for position in range(1, len(ids) - 1):
            if labels[predicted[position]] == "O":
                continue
            per_token, fx, fb = integrated_gradients(model, ids, baseline, predicted[position], "gausslegendre", 50,
                                                     "probability", position=position)
            raw = per_token.double()
            tokens.append({"position": position, "label": labels[predicted[position]], "raw": raw.tolist(),
                           "normalized": (raw / raw.norm()).tolist(), "fx": fx, "fBaseline": fb,
                           "delta": float(raw.sum()) - (fx - fb)})
        out.append({"text": text, "ids": ids, "predicted": [labels[i] for i in predicted], "tokens": tokens})
    with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8") as f:
        json.dump({"model": name, "cases": out}, f, ensure_ascii=False)
    print(name, len(out), "token-classification cases")


QA = [("what is the color ?", "the color is red . the city is paris ."),
      ("what is the animal ?", "the city is tokyo . the animal is polar bear ."),
      ("What is the colour?", "The color is GREEN. The number is seven.")]


def question_answering(tok, vocab, max_answer_len=15):
    """The pipeline's best span (softmax over context tokens and [CLS]) and IG of its start and end logits."""
    name = "qa-tiny"
    model = torch.jit.load(os.path.join(ROOT, "models", name, "model.pt")).eval()
    specials = {vocab["[CLS]"], vocab["[SEP]"]}
    out = []
    for question, context in QA:
        ids, types = tok.encode_pair(question, context)
        with torch.no_grad():
            logits = model.forward(torch.tensor([ids]), torch.ones(1, len(ids), dtype=torch.long),
                                   torch.tensor([types]))[0].double()
        allowed = [i for i in range(len(ids)) if i == 0 or (types[i] == 1 and ids[i] not in specials)]
        mask = torch.full((len(ids),), float("-inf"), dtype=torch.double)
        mask[allowed] = 0
        ps, pe = torch.softmax(logits[:, 0] + mask, 0), torch.softmax(logits[:, 1] + mask, 0)
        best = max(((float(ps[s] * pe[e]), s, e) for s in allowed[1:] for e in allowed[1:]
                    if s <= e < s + max_answer_len), key=lambda x: x[0])
        score, start, end = best
        baseline = [i if i in specials else vocab["[PAD]"] for i in ids]
        explained = {}
        for column, position in ((0, start), (1, end)):
            per_token, fx, fb = integrated_gradients(model, ids, baseline, column, "gausslegendre", 50, "logit",
                                                     type_ids=types, position=position)
            raw = per_token.double()
            explained["start" if column == 0 else "end"] = {
                "position": position, "raw": raw.tolist(), "normalized": (raw / raw.norm()).tolist(), "fx": fx,
                "fBaseline": fb, "delta": float(raw.sum()) - (fx - fb)}
        out.append({"question": question, "context": context, "ids": ids, "types": types,
                    "score": score, "noAnswer": float(ps[0] * pe[0]), **explained})
    with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8") as f:
        json.dump({"model": name, "cases": out}, f, ensure_ascii=False)
    print(name, len(out), "question-answering cases")


def main():
    torch.set_num_threads(2)
    vocab = load_vocab(os.path.join(ROOT, "..", "shared", "data", "vocab", "bert-base-uncased-vocab.txt"))
    tok = BertTokenizer(vocab)
    os.makedirs(OUT, exist_ok=True)
    only = set(sys.argv[1:])  # fixture names; all when none
    for name, cases in CASES.items():
        if only and name not in only:
            continue
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
    if not only or "pair-tiny" in only:
        pairs(tok, vocab)
    for name, run in (("nli-tiny", zero_shot), ("ner-tiny", token_classification), ("qa-tiny", question_answering)):
        if not only or name in only:
            run(tok, vocab)


if __name__ == "__main__":
    main()
