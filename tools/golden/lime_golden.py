#!/usr/bin/python3
"""Golden values for Lantern's LIME, from an independent Python reference.

    /usr/bin/python3 tools/golden/lime_golden.py [numpy_random|surrogate|end_to_end|tasks ...]

The reference is the algorithm of Python lime 0.2.0.1 as written down in
shared/notes/algorithms.md §1, run with numpy's legacy RandomState and scikit-learn (Ridge,
lars_path, r2_score), which is what lime itself calls. Writes JSON under
explainers/src/test/resources/golden/lime/:

  numpy_random.json  raw MT19937 outputs, randint(1, d+1, N-1) and the per-row
                     choice(range(d), k, replace=False) draws, for several seeds and sizes
  surrogate.json     sample matrices, labels and weights with, for every feature-selection mode,
                     the selected features, coefficients, intercept, R² score, local prediction
  end_to_end.json    whole explanations of texts under a toy word-weight classifier that the
                     Java test re-implements, sampled with the numpy-compatible random mode
  tasks.json         LIME over the zero-shot (nli-tiny), token-classification (ner-tiny) and
                     sentence-pair (pair-tiny) fixtures, their TorchScript models run by torch
"""
import json
import math
import os
import re
import warnings

import numpy as np
from sklearn.linear_model import Ridge, lars_path

warnings.filterwarnings("ignore")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "explainers", "src", "test", "resources", "golden", "lime")

# ---------------------------------------------------------------- lime_base, as in §1


def kernel(d, width=25.0):
    return np.sqrt(np.exp(-(d ** 2) / width ** 2))


def weighted_r2(y, yhat, w):
    ybar = np.average(y, weights=w)
    num = np.sum(w * (y - yhat) ** 2)
    den = np.sum(w * (y - ybar) ** 2)
    if den == 0:
        return 1.0 if num == 0 else 0.0
    return 1 - num / den


def forward_selection(data, labels, weights, num_features):
    clf = Ridge(alpha=0, fit_intercept=True)
    used = []
    for _ in range(min(num_features, data.shape[1])):
        max_, best = -100000000, 0
        for feature in range(data.shape[1]):
            if feature in used:
                continue
            clf.fit(data[:, used + [feature]], labels, sample_weight=weights)
            score = clf.score(data[:, used + [feature]], labels, sample_weight=weights)
            if score > max_:
                best, max_ = feature, score
        used.append(best)
    return np.array(used)


def lasso_selection(data, labels, weights, num_features):
    weighted_data = (data - np.average(data, axis=0, weights=weights)) * np.sqrt(weights[:, np.newaxis])
    weighted_labels = (labels - np.average(labels, weights=weights)) * np.sqrt(weights)
    nonzero = range(weighted_data.shape[1])
    _, _, coefs = lars_path(weighted_data, weighted_labels, method="lasso", verbose=False)
    for i in range(len(coefs.T) - 1, 0, -1):
        nonzero = coefs.T[i].nonzero()[0]
        if len(nonzero) <= num_features:
            break
    return np.array(list(nonzero))


def feature_selection(data, labels, weights, num_features, method):
    if method == "none":
        return np.array(range(data.shape[1]))
    if method == "forward_selection":
        return forward_selection(data, labels, weights, num_features)
    if method == "highest_weights":
        clf = Ridge(alpha=0.01, fit_intercept=True)
        clf.fit(data, labels, sample_weight=weights)
        weighted = clf.coef_ * data[0]
        ranked = sorted(zip(range(data.shape[1]), weighted), key=lambda x: np.abs(x[1]), reverse=True)
        return np.array([x[0] for x in ranked[:num_features]])
    if method == "lasso_path":
        return lasso_selection(data, labels, weights, num_features)
    if method == "auto":
        n_method = "forward_selection" if num_features <= 6 else "highest_weights"
        return feature_selection(data, labels, weights, num_features, n_method)
    raise ValueError(method)


def explain_with_data(data, labels_matrix, distances, label, num_features, method):
    weights = kernel(distances)
    y = labels_matrix[:, label]
    used = feature_selection(data, y, weights, num_features, method)
    model = Ridge(alpha=1, fit_intercept=True)
    model.fit(data[:, used], y, sample_weight=weights)
    score = weighted_r2(y, model.predict(data[:, used]), weights)
    local = float(model.predict(data[0, used].reshape(1, -1))[0])
    return {
        "label": int(label),
        "selected": [int(f) for f in used],
        "coefficients": {str(int(f)): float(c) for f, c in zip(used, model.coef_)},
        "intercept": float(model.intercept_),
        "score": float(score),
        "localPrediction": local,
    }


# ---------------------------------------------------------------- lime_text, as in §1

SPLIT = re.compile(r"(\W+)|$")


class IndexedString:
    def __init__(self, raw, bow=True, mask_string=None):
        self.raw, self.bow = raw, bow
        self.mask_string = mask_string
        self.as_list = [s for s in SPLIT.split(raw) if s]
        self.vocab, self.words, self.positions = {}, [], []
        for i, piece in enumerate(self.as_list):
            if SPLIT.match(piece):
                continue
            if bow:
                if piece not in self.vocab:
                    self.vocab[piece] = len(self.words)
                    self.words.append(piece)
                    self.positions.append([])
                self.positions[self.vocab[piece]].append(i)
            else:
                self.words.append(piece)
                self.positions.append([i])

    def inverse_removing(self, removed):
        hidden = set()
        for f in removed:
            hidden.update(self.positions[f])
        if self.mask_string is None:
            return "".join(p for i, p in enumerate(self.as_list) if i not in hidden)
        return "".join(self.mask_string if i in hidden else p for i, p in enumerate(self.as_list))


def sample(indexed, num_samples, seed):
    rs = np.random.RandomState(seed)
    d = len(indexed.words)
    sizes = rs.randint(1, d + 1, num_samples - 1)
    data = np.ones((num_samples, d))
    texts = [indexed.raw]
    for i, size in enumerate(sizes, start=1):
        inactive = rs.choice(range(d), size, replace=False)
        data[i, inactive] = 0
        texts.append(indexed.inverse_removing(inactive))
    on = data.sum(axis=1)
    norms = np.sqrt(on) * math.sqrt(d)
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = np.where(on > 0, on / norms, 0.0)
    return data, texts, (1 - cos) * 100


# A toy classifier that Java re-implements exactly: P(POSITIVE) = sigmoid(bias + sum of the
# weights of the distinct known words present, lower-cased).
TOY_WEIGHTS = {"good": 1.5, "great": 2.0, "fun": 0.8, "not": -1.2, "boring": -2.2, "bad": -1.8,
               "love": 2.5, "dull": -1.0, "movie": 0.1, "actors": 0.3}
TOY_BIAS = -0.2


def toy_classifier(texts):
    out = []
    for t in texts:
        words = {w.lower() for w in re.split(r"\W+", t) if w}
        z = TOY_BIAS + sum(TOY_WEIGHTS.get(w, 0.0) for w in words)
        p = 1 / (1 + math.exp(-z))
        out.append([1 - p, p])
    return np.array(out)


# ---------------------------------------------------------------- outputs


def numpy_random():
    cases = []
    for seed in (0, 1, 42, 12345, 4294967295):
        raw = np.random.RandomState(seed).randint(0, 2 ** 32, 8, dtype=np.int64).tolist()
        for d, n in ((1, 4), (2, 10), (8, 40), (40, 12), (300, 4)):
            rs = np.random.RandomState(seed)
            sizes = rs.randint(1, d + 1, n - 1)
            choices = [rs.choice(range(d), int(k), replace=False).tolist() for k in sizes]
            cases.append({"seed": seed, "features": d, "samples": n, "sizes": sizes.tolist(),
                          "choices": choices})
        cases.append({"seed": seed, "raw32": raw})
    return {"cases": cases}


def surrogate():
    cases = []
    for case_id, (d, n, seed) in enumerate(((6, 60, 3), (12, 300, 5), (25, 800, 9))):
        rng = np.random.RandomState(seed)
        data = np.ones((n, d))
        sizes = rng.randint(1, d + 1, n - 1)
        for i, k in enumerate(sizes, start=1):
            data[i, rng.choice(range(d), k, replace=False)] = 0
        on = data.sum(axis=1)
        distances = (1 - np.sqrt(on / d)) * 100
        true = rng.normal(0, 1, size=(d, 2))
        z = data @ true + rng.normal(0, 0.3, size=(n, 2))
        probs = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        results = []
        for method in ("none", "forward_selection", "highest_weights", "lasso_path", "auto"):
            for num in (1, 3, 6, 10):
                for label in (0, 1):
                    r = explain_with_data(data, probs, distances, label, num, method)
                    r.update({"method": method, "numFeatures": num})
                    results.append(r)
        cases.append({"id": case_id, "data": data.astype(int).tolist(), "probabilities": probs.tolist(),
                      "distances": distances.tolist(), "results": results})
    return {"cases": cases}


def end_to_end():
    texts = [
        "the movie was not good but the actors were great, truly great fun",
        "boring, dull and bad: I did not love it",
        "Good!",
    ]
    cases = []
    for text in texts:
        for bow, mask in ((True, None), (False, "UNKWORDZ")):
            for seed, num_samples in ((0, 500), (7, 5000)):
                indexed = IndexedString(text, bow=bow, mask_string=mask)
                data, sample_texts, distances = sample(indexed, num_samples, seed)
                probs = toy_classifier(sample_texts)
                for num_features, method in ((5, "auto"), (10, "auto"), (4, "lasso_path")):
                    r = explain_with_data(data, probs, distances, 1, num_features, method)
                    cases.append({"text": text, "bow": bow, "maskString": mask, "seed": seed,
                                  "numSamples": num_samples, "numFeatures": num_features,
                                  "method": method, "words": indexed.words,
                                  "distinctTexts": len(set(sample_texts)),
                                  "probabilities0": probs[0].tolist(), **r})
    return {"toyWeights": TOY_WEIGHTS, "toyBias": TOY_BIAS, "cases": cases}


def masks(d, num_samples, seed):
    """lime's sampling of which of d features each sample keeps (row 0: all), and the distances."""
    rs = np.random.RandomState(seed)
    sizes = rs.randint(1, d + 1, num_samples - 1)
    data = np.ones((num_samples, d))
    for i, size in enumerate(sizes, start=1):
        data[i, rs.choice(range(d), size, replace=False)] = 0
    on = data.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = np.where(on > 0, on / (np.sqrt(on) * math.sqrt(d)), 0.0)
    return data, (1 - cos) * 100


def tasks():
    """LIME over the task fixtures (torch.jit models, Python WordPiece): zero-shot candidates
    (lime's own word removal in the premise), a token classifier's targets (every token hidden by
    [MASK], positions kept) and a sentence pair (whole words of both texts removed)."""
    import sys
    import torch
    root = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    sys.path.insert(0, os.path.join(root, "tools", "fixtures"))
    from wordpiece import BertTokenizer, basic_tokenize, load_vocab, wordpiece
    vocab = load_vocab(os.path.join(root, "..", "shared", "data", "vocab", "bert-base-uncased-vocab.txt"))
    tok = BertTokenizer(vocab)
    load = lambda name: torch.jit.load(os.path.join(root, "models", name, "model.pt")).eval()

    def run(model, rows):
        out = []
        with torch.no_grad():
            for ids, types in rows:
                out.append(model.forward(torch.tensor([ids]), torch.ones(1, len(ids), dtype=torch.long),
                                         torch.tensor([types]))[0].double())
        return out

    cases = {}
    # Zero-shot: HuggingFace's single-label scores, a softmax of the entailment logits.
    nli = load("nli-tiny")
    premise, candidates = "we watched football and heard the piano", ["animals", "music", "sports"]
    indexed = IndexedString(premise)
    data, texts, distances = sample(indexed, 300, 3)
    scores = []
    for text in texts:
        logits = run(nli, [tok.encode_pair(text, f"this text is about {c} .") for c in candidates])
        scores.append(torch.softmax(torch.stack([l[2] for l in logits]), 0).tolist())
    scores = np.array(scores)
    label = int(scores[0].argmax())
    cases["zeroShot"] = {"text": premise, "candidates": candidates, "seed": 3, "numSamples": 300, "numFeatures": 5,
                         "words": indexed.words, "scores0": scores[0].tolist(),
                         **explain_with_data(data, scores, distances, label, 5, "auto")}
    # Token classification: [MASK] replaces hidden tokens, the value is the token's label softmax.
    ner = load("ner-tiny")
    text = "mary met anna in paris"
    ids, types = tok.encode(text)
    inner = list(range(1, len(ids) - 1))
    data, distances = masks(len(inner), 300, 5)
    rows = []
    for row in data:
        masked = list(ids)
        for f, position in enumerate(inner):
            if row[f] == 0:
                masked[position] = vocab["[MASK]"]
        rows.append((masked, types))
    logits = run(ner, rows)
    targets = []
    for position in inner:
        probs = np.array([torch.softmax(l[position], 0).tolist() for l in logits])
        label = int(probs[0].argmax())
        if label == 0:  # O: not explained by default
            continue
        targets.append({"position": position, **explain_with_data(data, probs, distances, label, 5, "auto")})
    cases["tokens"] = {"text": text, "seed": 5, "numSamples": 300, "numFeatures": 5, "targets": targets}
    # Pair: whole words of both texts removed, [CLS] a [SEP] b [SEP] rebuilt with token types.
    pair_model = load("pair-tiny")
    a, b = "the zebra was tired", "a tiger slept"
    words = [(0, w) for w in basic_tokenize(a)] + [(1, w) for w in basic_tokenize(b)]
    data, distances = masks(len(words), 300, 7)
    rows = []
    for row in data:
        sides = [[], []]
        for f, (side, w) in enumerate(words):
            if row[f] == 1:
                sides[side].extend(vocab[p] for p in wordpiece(w, vocab))
        ids = [vocab["[CLS]"]] + sides[0] + [vocab["[SEP]"]] + sides[1] + [vocab["[SEP]"]]
        rows.append((ids, [0] * (len(sides[0]) + 2) + [1] * (len(sides[1]) + 1)))
    probs = np.array([[float(torch.sigmoid(l[0]))] for l in run(pair_model, rows)])
    cases["pair"] = {"text": a, "pair": b, "seed": 7, "numSamples": 300, "numFeatures": 5,
                     "words": [w for _, w in words], **explain_with_data(data, probs, distances, 0, 5, "auto")}
    return cases


def main():
    os.makedirs(OUT, exist_ok=True)
    import sys
    only = set(sys.argv[1:])
    for name, fn in (("numpy_random", numpy_random), ("surrogate", surrogate), ("end_to_end", end_to_end),
                     ("tasks", tasks)):
        if only and name not in only:
            continue
        with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(fn(), f, separators=(",", ":"))
        print("wrote", name)


if __name__ == "__main__":
    main()
