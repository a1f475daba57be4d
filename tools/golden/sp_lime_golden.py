#!/usr/bin/python3
"""Golden values for Lantern's SubmodularPick: lime's SP-LIME greedy pick (submodular_pick.py, as
shared/notes/algorithms-wave2.md §2 describes it) on explanations given as (word, weight) lists per
label, including ties, words shared between explanations and zero weights.

    /usr/bin/python3 tools/golden/sp_lime_golden.py

Writes explainers/src/test/resources/golden/sp_lime.json.
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "explainers", "src", "test", "resources",
                   "golden", "sp_lime.json")


def pick(explanations, budget):
    features = []
    for e in explanations:
        for label in e:
            for word, _ in label:
                if word not in features:
                    features.append(word)
    W = np.zeros((len(explanations), len(features)))
    for i, e in enumerate(explanations):
        for label in e:
            for word, weight in label:
                W[i, features.index(word)] += weight
    importance = np.sqrt(np.abs(W).sum(axis=0))
    remaining = list(range(len(explanations)))
    V = []
    for _ in range(min(budget, len(explanations))):
        best, best_ind = 0.0, None
        for i in remaining:
            current = np.dot((np.sum(np.abs(W)[V + [i]], axis=0) > 0), importance)
            if current >= best:
                best, best_ind = current, i
        V.append(best_ind)
        remaining.remove(best_ind)
    return features, importance.tolist(), V


def main():
    rng = np.random.RandomState(11)
    vocab = ["good", "bad", "plot", "acting", "boring", "great", "music", "slow", "fun", "mess", "film", "cast"]
    cases = []
    for budget, n in [(2, 5), (3, 8), (5, 12), (20, 6)]:
        explanations = []
        for _ in range(n):
            labels = []
            for _ in range(rng.randint(1, 3)):
                words = rng.choice(vocab, size=rng.randint(1, 6), replace=False)
                labels.append([[str(w), round(float(rng.randn()), 4) if rng.rand() > 0.1 else 0.0] for w in words])
            explanations.append(labels)
        features, importance, V = pick(explanations, budget)
        cases.append({"budget": budget, "explanations": explanations, "features": features,
                      "importance": importance, "picked": V})
    # Ties: two identical explanations; the later index wins.
    same = [[["good", 1.0], ["bad", -1.0]]]
    features, importance, V = pick([same, same, [[["plot", 0.1]]]], 2)
    cases.append({"budget": 2, "explanations": [same, same, [[["plot", 0.1]]]], "features": features,
                  "importance": importance, "picked": V})
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"cases": cases}, f, indent=1)
    print("wrote", len(cases), "cases to", OUT)


if __name__ == "__main__":
    main()
