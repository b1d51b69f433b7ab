"""The pooled baseline of the federated-learning end-to-end tests, trained by an independent
implementation: scikit-learn's logistic regression (no penalty, lbfgs to convergence) on every
clinic's rows pooled, as if the data could leave the clinics.

The model inputs are fl-core's own (`fl-predict` prints each row's features, encoded and scaled
as the spec says, its label and the given model's probability), so the test compares models,
not feature code; the AUCs are scikit-learn's `roc_auc_score`.

    python pooled_reference.py --fl-predict BIN --spec 0x... --parameters Q16,... \
        --train clinic-1.csv ... --test test.csv [--schema schema.json]

prints `{"federatedAuc": ..., "pooledAuc": ...}` on held-out `test.csv`: the federated model's
(`--parameters`) and the pooled baseline's. `--schema` reads the files of a spec with a study
question (any column order; rows the question cannot use are left out, as the clinics do).
"""

import argparse
import io
import json
import subprocess

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score


def predict(fl_predict, spec, parameters, csv, schema=None):
    """Features, labels and probabilities of the rows of `csv` under `parameters` (fl-predict)."""
    command = [fl_predict, "--spec", spec, f"--parameters={parameters}", "--csv", csv]
    if schema:
        command += ["--schema", schema]
    table = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    values = np.loadtxt(io.StringIO(table), delimiter=",", skiprows=1, ndmin=2)
    return values[:, :-2], values[:, -2].astype(int), values[:, -1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fl-predict", required=True)
    parser.add_argument("--spec", required=True)
    parser.add_argument("--parameters", required=True)
    parser.add_argument("--train", nargs="+", required=True)
    parser.add_argument("--test", required=True)
    parser.add_argument("--schema")
    args = parser.parse_args()

    zeros = ",".join("0" for _ in args.parameters.split(","))
    pooled = [predict(args.fl_predict, args.spec, zeros, csv, args.schema) for csv in args.train]
    pooled_x = np.vstack([x for x, _, _ in pooled])
    pooled_y = np.concatenate([y for _, y, _ in pooled])
    test_x, test_y, federated = predict(args.fl_predict, args.spec, args.parameters, args.test, args.schema)

    # No penalty: C = inf (scikit-learn 1.8 deprecates `penalty=None` for it).
    model = LogisticRegression(C=np.inf, max_iter=10_000).fit(pooled_x, pooled_y)
    print(json.dumps({
        "federatedAuc": roc_auc_score(test_y, federated),
        "pooledAuc": roc_auc_score(test_y, model.predict_proba(test_x)[:, 1]),
        "pooledRows": int(len(pooled_y)),
        "testRows": int(len(test_y)),
    }))


if __name__ == "__main__":
    main()
