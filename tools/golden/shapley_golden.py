#!/usr/bin/python3
"""Golden values for Lantern's Shapley methods, occlusion and faithfulness measures.

    /usr/bin/python3 tools/golden/shapley_golden.py

An independent reference, written from shared/notes/algorithms-wave2.md (§5 KernelSHAP, §6 the
text hierarchy of SHAP's Partition explainer, §7 ferret's AOPC, §8 Captum's Occlusion), with
brute force where brute force is possible:

  * exact Shapley values by enumerating all 2^M coalitions (the definition, not a regression);
  * Owen values on the text hierarchy by enumerating, for each leaf, the 2^depth choices of which
    sibling subtrees along its path are present (the definition of the Owen value for a binary
    coalition structure, not SHAP's priority-queue recursion);
  * leave-one-out and sliding-window occlusion;
  * Kendall's tau-b by scipy.stats.kendalltau, ties included;
  * ferret 0.5.0's comprehensiveness and sufficiency (thresholds numpy.arange(0.1, 1.1, 0.1),
    int(v * n) top features, positive only, repeated rationales skipped) on given scores and on
    the exact Shapley values.

The model is a toy that Java re-implements (ShapleyGoldenTest): P(POSITIVE) = sigmoid(bias +
weights of the distinct lower-cased words present + a bonus for each listed pair of words both
present), so that coalitions interact and Shapley, Owen and LIME differ. Features are the
words of the text one per occurrence (lime's \\W+ split); a hidden word is removed.

Writes explainers/src/test/resources/golden/shapley/shapley.json.
"""
import itertools
import json
import math
import os
import re

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "explainers", "src", "test", "resources", "golden", "shapley")

BIAS = 0.2
WEIGHTS = {"good": 1.5, "great": 2.0, "bad": -1.8, "boring": -1.4, "lovely": 1.2, "loved": 1.6,
           "slow": -0.9, "not": -0.3, "never": -0.2, "fun": 0.8, "mess": -1.1, "yet": 0.1}
PAIRS = [["not", "good", -3.2], ["not", "bad", 2.6], ["never", "slow", 1.5], ["less", "great", -0.7],
         ["truly", "great", 0.9], ["boring", "music", -0.5]]

TEXTS = [
    "the movie was not good but the actors were great",
    "a truly bad, boring film. yet the music is lovely",
    "I loved it",
    "not bad",
    "great",
    "it was not bad (truly) and never slow!",
]
SAMPLED_TEXT = "not once did the plot feel slow and the cast was never less than great fun"


def words_of(text):
    """(word, start, end) per occurrence, lime's \\W+ split (ASCII texts here)."""
    return [(m.group(), m.start(), m.end()) for m in re.finditer(r"\w+", text)]


def prob_positive(words_present):
    s = {w.lower() for w in words_present}
    z = BIAS + sum(WEIGHTS.get(w, 0.0) for w in s)
    for a, b, bonus in PAIRS:
        if a in s and b in s:
            z += bonus
    return 1 / (1 + math.exp(-z))


def value(words, kept):
    return prob_positive([words[i][0] for i in kept])


def exact_shapley(words):
    m = len(words)
    cache = {}

    def f(mask):
        if mask not in cache:
            cache[mask] = value(words, [i for i in range(m) if mask >> i & 1])
        return cache[mask]

    phi = [0.0] * m
    for i in range(m):
        for mask in range(1 << m):
            if mask >> i & 1:
                continue
            s = bin(mask).count("1")
            weight = math.factorial(s) * math.factorial(m - s - 1) / math.factorial(m)
            phi[i] += weight * (f(mask | 1 << i) - f(mask))
    # Rounding leaves ~1e-17 on words that change nothing; SHAP and Lantern write 0 below 1e-10,
    # and a positive 1e-17 would otherwise enter ferret's positive-only rationales.
    return [0.0 if abs(p) < 1e-10 else p for p in phi]


# ---------------------------------------------------------------- the text hierarchy, §6.2

def hierarchy(text, words):
    """Merges as (left id, right id) pairs; leaves 0..M-1, merge k is node M + k."""
    m = len(words)
    tokens = [w for w, _, _ in words]  # word features are never word pieces: separators lie between
    gaps = [""] + [text[words[i - 1][2]:words[i][1]] for i in range(1, m)]
    balanced = [t not in ("(", ")") for t in tokens]
    groups = [[i] for i in range(m)]
    ids = list(range(m))
    merges = []

    def score(g1, g2):
        last, first = tokens[g1[-1]], tokens[g2[0]]
        s = 0.0
        if first.startswith("##"):
            s += 20
        if first == "'" and (len(g2) == 1 or (len(g2) == 2 and tokens[g2[1]] in ("t", "s"))):
            s += 15
        if last == "'" and first in ("t", "s"):
            s += 15
        brk = lambda t: len(t) >= 2 and t[0] == "[" and t[-1] == "]"
        if brk(tokens[g1[0]]) != brk(tokens[g2[-1]]):
            s -= 1000
        if first == "(" and not balanced[g2[0]]:
            s -= 100
        if last == ")" and not balanced[g1[-1]]:
            s -= 100
        if tokens[g1[0]] == "(":
            s -= 2
        if last in ("but", "and", "or") or first in ("but", "and", "or"):
            s -= 2
        if last == ",":
            s -= 10
        if first == ",":
            s -= 10 if len(g2) > 1 else 1
        if last in (".", "?", "!"):
            s -= 20
        if first in (".", "?", "!"):
            s -= 20 if len(g2) > 1 else 1
        gap = gaps[g2[0]]
        if any(c in gap for c in ".?!"):
            s -= 20
        elif "," in gap:
            s -= 10
        return s - (len(g1) + len(g2))

    for k in range(m - 1):
        scores = [score(groups[g], groups[g + 1]) for g in range(len(groups) - 1)]
        best = int(np.argmax(scores))  # the first maximum
        g1, g2 = groups[best], groups[best + 1]
        if tokens[g1[0]] == "(" and tokens[g2[-1]] == ")":
            balanced[g1[0]] = balanced[g2[-1]] = True
        merges.append([ids[best], ids[best + 1]])
        groups[best] = g1 + g2
        del groups[best + 1]
        ids[best] = m + k
        del ids[best + 1]
    return merges


def owen_values(words, merges):
    m = len(words)
    children = {m + k: (l, r) for k, (l, r) in enumerate(merges)}
    parent = {}
    for node, (l, r) in children.items():
        parent[l] = (node, r)
        parent[r] = (node, l)

    def leaves(node):
        if node < m:
            return [node]
        l, r = children[node]
        return leaves(l) + leaves(r)

    phi = []
    for i in range(m):
        siblings = []
        node = i
        while node in parent:
            node, sib = parent[node]
            siblings.append(leaves(sib))
        total = 0.0
        for choice in itertools.product([0, 1], repeat=len(siblings)):
            context = [j for c, s in zip(choice, siblings) if c for j in s]
            total += value(words, context + [i]) - value(words, context)
        phi.append(total / (2 ** len(siblings)))
    return phi


# ---------------------------------------------------------------- occlusion, §8

def occlusion(words, window, stride):
    m = len(words)
    w = min(window, m)
    count = math.ceil((m - w) / stride) + 1
    fx = value(words, range(m))
    sums = [0.0] * m
    covered = [0] * m
    for j in range(count):
        hidden = set(range(j * stride, min(m, j * stride + w)))
        d = fx - value(words, [i for i in range(m) if i not in hidden])
        for i in hidden:
            sums[i] += d
            covered[i] += 1
    return [s / c if c else 0.0 for s, c in zip(sums, covered)]


# ---------------------------------------------------------------- ferret's AOPC, §7

def rationales(scores):
    scores = np.asarray(scores, dtype=float)
    n = len(scores)
    order = np.argsort(scores, kind="stable")
    out, last = [], None
    for v in np.arange(0.1, 1.1, 0.1):
        k = int(v * n)
        if k == 0:
            continue
        top = [int(i) for i in order[-k:][::-1] if scores[i] > 0]
        if not top:
            continue
        if last is not None and set(top) == last:
            continue
        last = set(top)
        out.append(top)
    return out


def aopc(words, scores):
    m = len(words)
    p = value(words, range(m))
    rs = rationales(scores)
    if not rs:
        return 0.0, 1.0, 0
    comp = [p - value(words, [i for i in range(m) if i not in r]) for r in rs]
    suff = [p - value(words, sorted(r)) for r in rs]
    return float(np.mean(comp)), float(np.mean(suff)), len(rs)


def main():
    cases = []
    for text in TEXTS:
        words = words_of(text)
        merges = hierarchy(text, words)
        phi = exact_shapley(words)
        given = [round(math.sin(3 * i + 1), 3) for i in range(len(words))]  # signs mixed, no ties
        given_ties = [1.0 if i % 3 == 0 else (0.5 if i % 3 == 1 else -0.2) for i in range(len(words))]
        cases.append({
            "text": text,
            "words": [w for w, _, _ in words],
            "fx": value(words, range(len(words))),
            "fEmpty": value(words, []),
            "shapley": phi,
            "merges": merges,
            "owen": owen_values(words, merges),
            "occlusion1": occlusion(words, 1, 1),
            "occlusion3s2": occlusion(words, 3, 2),
            "givenScores": given,
            "givenAopc": aopc(words, given),
            "tiedScores": given_ties,
            "tiedAopc": aopc(words, given_ties),
            "shapleyAopc": aopc(words, phi),
            "rationalesOfShapley": rationales(phi),
        })
    words = words_of(SAMPLED_TEXT)
    sampled = {"text": SAMPLED_TEXT, "shapley": exact_shapley(words),
               "fx": value(words, range(len(words))), "fEmpty": value(words, [])}
    from scipy.stats import kendalltau  # Debian's python3-scipy, a dependency of python3-sklearn
    rng = np.random.RandomState(7)
    taus = []
    for n in (2, 5, 9, 16):
        for ties in (False, True):
            a = rng.randn(n)
            b = a + rng.randn(n) * 0.8
            if ties:
                a = np.round(a)
                b = np.round(b * 2) / 2
            taus.append({"a": a.tolist(), "b": b.tolist(), "tau": float(kendalltau(a, b)[0])})
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "shapley.json"), "w") as f:
        json.dump({"bias": BIAS, "weights": WEIGHTS, "pairs": PAIRS, "cases": cases, "sampled": sampled,
                   "kendall": taus}, f,
                  indent=1)
    print("wrote", len(cases), "cases and a", len(words), "-feature sampled case to", OUT)


if __name__ == "__main__":
    main()
