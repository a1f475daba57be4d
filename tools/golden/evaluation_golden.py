#!/usr/bin/python3
"""Golden values for Lantern's ClassificationReport: scikit-learn's classification_report and
confusion_matrix on label lists, including a class that is never predicted and one that never
occurs (precision or recall with a zero denominator, which scikit-learn counts as 0).

    /usr/bin/python3 tools/golden/evaluation_golden.py

Writes reports/src/test/resources/golden/evaluation.json.
"""
import json
import os
import warnings

import numpy as np
from sklearn.metrics import classification_report, confusion_matrix

warnings.filterwarnings("ignore")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "reports", "src", "test", "resources",
                   "golden", "evaluation.json")


def case(truth, predicted):
    labels = sorted(set(truth) | set(predicted))
    report = classification_report(truth, predicted, labels=labels, output_dict=True, zero_division=0)
    return {"truth": truth, "predicted": predicted, "labels": labels, "report": report,
            "confusion": confusion_matrix(truth, predicted, labels=labels).tolist()}


def main():
    rng = np.random.RandomState(5)
    topics = ["World", "Sports", "Business", "Sci/Tech"]
    cases = [
        case(["POSITIVE", "NEGATIVE", "POSITIVE", "POSITIVE", "NEGATIVE"],
             ["POSITIVE", "POSITIVE", "POSITIVE", "NEGATIVE", "NEGATIVE"]),
        case(["a", "b", "c", "a", "b", "c", "a"], ["a", "a", "a", "a", "b", "b", "a"]),  # c never predicted
        case(["x", "x", "y"], ["x", "z", "y"]),  # z never true
    ]
    truth = [topics[i] for i in rng.randint(0, 4, 200)]
    predicted = [t if rng.rand() < 0.7 else topics[rng.randint(0, 4)] for t in truth]
    cases.append(case(truth, predicted))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"cases": cases}, f, indent=1)
    print("wrote", len(cases), "cases to", OUT)


if __name__ == "__main__":
    main()
