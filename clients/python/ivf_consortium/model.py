"""Model specs as researchers write them, and global models as NumPy arrays and scikit-learn.

A task names its model by a `ModelSpec` (fl-core's `fl_core::ModelSpec`): the architecture,
the training settings, the DP settings, the public feature normalisation and the seed of the
initial model. Real values are integers on chain (millionths, or Q15.16 for the normalisation
and the model's parameters), so that the spec's SCALE encoding, and so its id
(`blake2_256(SCALE(spec))`), is the same everywhere. The classes below take real numbers and
do the conversion the way fl-core does (`fl_core::fixed::encode`: round half away from zero).

The flat parameter layout is part of the protocol (`fl_core::model`):
- logistic regression over `d` features: `[w_1 .. w_d, b]`;
- MLP with one hidden layer of `h` ReLU units: `[W1 (h x d, row-major), b1 (h), w2 (h), b2]`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

#: Fractional bits of the chain's fixed point (Q15.16).
FRACTIONAL_BITS = 16
ONE = 1 << FRACTIONAL_BITS

#: fl-core's 19 IVF input features, in the order the model reads them.
FEATURE_NAMES = (
    "age_years", "amh_ng_ml", "bmi", "antral_follicle_count", "previous_ivf_cycles",
    "cause_tubal", "cause_ovulatory", "cause_male_factor", "cause_unexplained",
    "cause_endometriosis", "frozen_transfer", "eggs_collected", "embryos_created",
    "embryo_expansion", "inner_cell_mass", "trophectoderm", "transfer_day", "pgt_a",
    "elective_single_embryo_transfer",
)

#: fl-core's `reference_normalisation()`: (mean, scale) per feature, from clinical reference
#: ranges rather than from any clinic's data, so a task can fix it before it sees a record.
REFERENCE_NORMALISATION = (
    (35.0, 5.0), (2.5, 2.0), (25.0, 4.5), (12.0, 7.0), (0.7, 1.0), (0.15, 0.36), (0.2, 0.4),
    (0.35, 0.48), (0.25, 0.43), (0.1, 0.3), (0.4, 0.49), (10.0, 6.0), (5.0, 3.5), (4.0, 1.2),
    (1.0, 0.8), (1.0, 0.8), (4.5, 1.0), (0.25, 0.43), (0.6, 0.49),
)


def to_fixed(x: float) -> int:
    """A real number in Q15.16, rounded half away from zero (`fl_core::fixed::encode`)."""
    return int(math.copysign(math.floor(abs(x) * ONE + 0.5), x))


def from_fixed(values) -> np.ndarray:
    """Q15.16 integers as float64 (`fl_core::fixed::decode`, exact)."""
    return np.asarray(values, dtype=np.int64).astype(np.float64) / ONE


def to_millionths(x: float) -> int:
    """A real setting in millionths, as the spec stores it."""
    return int(round(x * 1_000_000))


@dataclass(frozen=True)
class FeatureScaling:
    """`(raw - mean) / scale` for one feature."""

    mean: float
    scale: float

    def to_chain(self) -> dict:
        return {"mean": to_fixed(self.mean), "scale": to_fixed(self.scale)}


def reference_normalisation() -> list[FeatureScaling]:
    """fl-core's public normalisation of the 19 IVF features."""
    return [FeatureScaling(mean, scale) for mean, scale in REFERENCE_NORMALISATION]


@dataclass(frozen=True)
class LogisticRegression:
    """`P(live birth | x) = sigmoid(w . x + b)`."""

    features: int = len(FEATURE_NAMES)

    def to_chain(self) -> dict:
        return {"LogisticRegression": {"features": self.features}}

    @property
    def parameter_count(self) -> int:
        return self.features + 1


@dataclass(frozen=True)
class Mlp:
    """One hidden layer of `hidden` ReLU units and a sigmoid output."""

    hidden: int
    features: int = len(FEATURE_NAMES)

    def to_chain(self) -> dict:
        return {"Mlp": {"features": self.features, "hidden": self.hidden}}

    @property
    def parameter_count(self) -> int:
        return self.hidden * self.features + 2 * self.hidden + 1


@dataclass(frozen=True)
class Training:
    """Mini-batch SGD of every clinic's local step."""

    learning_rate: float = 0.1
    epochs: int = 1
    batch_size: int = 100
    l2: float = 0.0
    #: FedProx's proximal coefficient mu (0: plain FedAvg local training).
    proximal_mu: float = 0.0

    def to_chain(self) -> dict:
        return {
            "learning_rate_ppm": to_millionths(self.learning_rate),
            "epochs": self.epochs,
            "batch_size": self.batch_size,
            "l2_ppm": to_millionths(self.l2),
            "proximal_mu_ppm": to_millionths(self.proximal_mu),
        }


@dataclass(frozen=True)
class DpSgd:
    """DP-SGD: per-example clipping bound `C` and noise multiplier `sigma` (noise std / C).

    `noise` is where the noise is added: `"Local"` (each clinic adds all of it at every step)
    or `"Distributed"` (securely aggregated tasks with one full-batch step per round: each
    clinic adds its share and only the sum carries the whole; see `fl_core::dp`)."""

    clip_norm: float = 1.0
    noise_multiplier: float = 1.5
    noise: str = "Local"

    def to_chain(self) -> dict:
        return {
            "clip_norm_ppm": to_millionths(self.clip_norm),
            "noise_multiplier_ppm": to_millionths(self.noise_multiplier),
            "noise": self.noise,
        }


@dataclass(frozen=True)
class ModelSpec:
    """What every clinic trains, under one id. `privacy=None` trains without DP (most
    datasets' policies refuse that)."""

    architecture: LogisticRegression | Mlp = field(default_factory=LogisticRegression)
    training: Training = field(default_factory=Training)
    privacy: Optional[DpSgd] = field(default_factory=DpSgd)
    normalisation: tuple[FeatureScaling, ...] = field(
        default_factory=lambda: tuple(reference_normalisation())
    )
    initial_model_seed: int = 0
    #: The study question (outcome and feature columns with their encodings) as the chain
    #: encodes it, e.g. the `question.json` that `study-synth` writes; `None` is the IVF
    #: default (19 IVF inputs, live birth).
    question: Optional[dict] = None
    #: The server optimiser: `"Sgd"` (the aggregate is the model), or e.g.
    #: `{"Adam": {"learning_rate_ppm": ..., "beta1_ppm": ..., "beta2_ppm": ..., "tau_ppm": ...}}`.
    server_optimiser: str | dict = "Sgd"

    def to_chain(self) -> dict:
        """The spec as the runtime's metadata names its fields (what the client encodes)."""
        return {
            "architecture": self.architecture.to_chain(),
            "training": self.training.to_chain(),
            "privacy": None if self.privacy is None else self.privacy.to_chain(),
            "normalisation": [s.to_chain() for s in self.normalisation],
            "initial_model_seed": self.initial_model_seed,
            "question": self.question,
            "server_optimiser": self.server_optimiser,
        }

    @classmethod
    def from_chain(cls, value: dict) -> "ModelSpec":
        """From a spec as the chain shows it (`fl_task`'s `spec`, camelCase or snake_case)."""
        get = lambda d, snake: d[snake] if snake in d else d[_camel(snake)]  # noqa: E731
        arch = get(value, "architecture")
        if "LogisticRegression" in arch or "logisticRegression" in arch:
            inner = arch.get("LogisticRegression") or arch.get("logisticRegression")
            architecture = LogisticRegression(inner["features"])
        else:
            inner = arch.get("Mlp") or arch.get("mlp")
            architecture = Mlp(hidden=inner["hidden"], features=inner["features"])
        t = get(value, "training")
        training = Training(
            get(t, "learning_rate_ppm") / 1e6, get(t, "epochs"), get(t, "batch_size"),
            get(t, "l2_ppm") / 1e6, get(t, "proximal_mu_ppm") / 1e6,
        )
        p = get(value, "privacy")
        privacy = None if p is None else DpSgd(
            get(p, "clip_norm_ppm") / 1e6, get(p, "noise_multiplier_ppm") / 1e6,
            _variant(p.get("noise", "Local")),
        )
        normalisation = tuple(
            FeatureScaling(s["mean"] / ONE, s["scale"] / ONE) for s in get(value, "normalisation")
        )
        return cls(
            architecture, training, privacy, normalisation, get(value, "initial_model_seed"),
            get(value, "question"), get(value, "server_optimiser"),
        )

    def normalise(self, raw: np.ndarray) -> np.ndarray:
        """Raw feature rows (n x d) scaled as the model reads them (`FeatureScaling::apply`)."""
        raw = np.asarray(raw, dtype=np.float64)
        means = from_fixed([to_fixed(s.mean) for s in self.normalisation])
        scales = from_fixed([to_fixed(s.scale) for s in self.normalisation])
        return (raw - means) / scales


def _variant(value) -> str:
    """A unit enum variant's name, however the chain's decoder shows it (`"Local"`,
    `"local"`, `{"Local": None}`)."""
    name = next(iter(value)) if isinstance(value, dict) else str(value)
    return name[:1].upper() + name[1:]


def _camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """fl-core's sigmoid, written so that neither branch overflows."""
    out = np.empty_like(z)
    positive = z >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-z[positive]))
    e = np.exp(z[~positive])
    out[~positive] = e / (1.0 + e)
    return out


@dataclass(frozen=True)
class GlobalModel:
    """A task's global model at one version: the chain's Q15.16 parameters, dequantised."""

    task: int
    version: int
    round: int
    hash: str
    architecture: LogisticRegression | Mlp
    parameters: tuple[int, ...]

    @property
    def values(self) -> np.ndarray:
        """The flat parameter vector as float64 (exactly what the clinics train from)."""
        return from_fixed(self.parameters)

    def layers(self) -> dict[str, np.ndarray]:
        """The parameters by layer: `coef` and `intercept` for logistic regression;
        `W1` (h x d), `b1`, `w2`, `b2` for the MLP."""
        v = self.values
        d = self.architecture.features
        if isinstance(self.architecture, LogisticRegression):
            return {"coef": v[:d], "intercept": v[d:]}
        h = self.architecture.hidden
        return {
            "W1": v[: h * d].reshape(h, d),
            "b1": v[h * d : h * d + h],
            "w2": v[h * d + h : h * d + 2 * h],
            "b2": v[-1:],
        }

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        """P(live birth) for normalised feature rows (see `ModelSpec.normalise`)."""
        x = np.atleast_2d(np.asarray(features, dtype=np.float64))
        layers = self.layers()
        if isinstance(self.architecture, LogisticRegression):
            z = x @ layers["coef"] + layers["intercept"][0]
        else:
            hidden = np.maximum(x @ layers["W1"].T + layers["b1"], 0.0)
            z = hidden @ layers["w2"] + layers["b2"][0]
        return _sigmoid(z)

    def to_sklearn(self):
        """A fitted `sklearn.linear_model.LogisticRegression` with the chain's coefficients,
        whose `predict_proba(X)[:, 1]` is this model's probability of a live birth."""
        if not isinstance(self.architecture, LogisticRegression):
            raise TypeError("only a logistic-regression task has a scikit-learn twin")
        from sklearn.linear_model import LogisticRegression as SkLogisticRegression

        layers = self.layers()
        model = SkLogisticRegression()
        model.classes_ = np.array([0, 1])
        model.coef_ = layers["coef"].reshape(1, -1).copy()
        model.intercept_ = layers["intercept"].copy()
        model.n_features_in_ = self.architecture.features
        model.n_iter_ = np.array([0])
        return model

    def save_npz(self, path) -> None:
        """Saves the layers, the Q15.16 vector and the version and hash in one `.npz` file."""
        np.savez(
            path,
            parameters_q16=np.asarray(self.parameters, dtype=np.int32),
            task=self.task, version=self.version, round=self.round, hash=self.hash,
            **self.layers(),
        )
