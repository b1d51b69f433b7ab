"""The pooled baseline of the federated-learning end-to-end test, trained by an independent
implementation: scikit-learn's logistic regression (no penalty, lbfgs to convergence) on every
clinic's rows pooled, as if the data could leave the clinics.

The model inputs are fl-core's own (`fl-predict` prints each row's features, scaled with the
spec's normalisation, and the given model's probability), so the test compares models, not
feature code; the AUCs are scikit-learn's `roc_auc_score`.

    python pooled_reference.py --fl-predict BIN --spec 0x... --parameters Q16,... \
        --train clinic-1.csv ... --test test.csv

prints `{"federatedAuc": ..., "pooledAuc": ...}` on held-out `test.csv`: the federated model's
(`--parameters`) and the pooled baseline's.
"""

import argparse
import io
import json
import subprocess

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score


def predict(fl_predict, spec, parameters, csv):
    """Features and probabilities of every row of `csv` under `parameters` (fl-predict)."""
    table = subprocess.run(
        [fl_predict, "--spec", spec, "--parameters", parameters, "--csv", csv],
        check=True, capture_output=True, text=True,
    ).stdout
    values = np.loadtxt(io.StringIO(table), delimiter=",", skiprows=1, ndmin=2)
    return values[:, :-1], values[:, -1]


def labels(csv):
    """The `live_birth` column of an ivf-synth CSV."""
    with open(csv, encoding="utf-8") as file:
        header = file.readline().strip().split(",")
        column = header.index("live_birth")
        return np.array([int(line.split(",")[column]) for line in file if line.strip()])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fl-predict", required=True)
    parser.add_argument("--spec", required=True)
    parser.add_argument("--parameters", required=True)
    parser.add_argument("--train", nargs="+", required=True)
    parser.add_argument("--test", required=True)
    args = parser.parse_args()

    zeros = ",".join("0" for _ in args.parameters.split(","))
    pooled_x = np.vstack([predict(args.fl_predict, args.spec, zeros, csv)[0] for csv in args.train])
    pooled_y = np.concatenate([labels(csv) for csv in args.train])
    test_x, federated = predict(args.fl_predict, args.spec, args.parameters, args.test)
    test_y = labels(args.test)

    # No penalty: C = inf (scikit-learn 1.8 deprecates `penalty=None` for it).
    pooled = LogisticRegression(C=np.inf, max_iter=10_000).fit(pooled_x, pooled_y)
    print(json.dumps({
        "federatedAuc": roc_auc_score(test_y, federated),
        "pooledAuc": roc_auc_score(test_y, pooled.predict_proba(test_x)[:, 1]),
        "pooledRows": int(len(pooled_y)),
    }))


if __name__ == "__main__":
    main()
