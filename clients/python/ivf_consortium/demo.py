"""The development chain's demo study: four clinics, their synthetic patients, one task.

`scripts/run.sh` starts `ivf-node --dev` with the four development clinics' worker keys in its
keystore and their `ivf-synth` files as datasets (`--dataset ID=FILE`), then runs
`ivf-consortium demo`, which does, through this client, what the clinics and a researcher
would do by hand:

1. each clinic (`//Alice` London, `//Bob` Paris, `//Charlie` Amsterdam, `//Dave` Madrid)
   registers its dataset under DUO `GRU` with the default privacy policy (DP required);
2. each records an `AiTraining` consent for every synthetic patient of its file (the file's
   pseudonyms; the patients are invented by `ivf-synth`);
3. the researcher `//Eve` asks the chain for the task's algorithm hash, requests access to the
   four datasets, each clinic grants it, and `//Eve` creates a DP logistic-regression task.

Everything here is demo data on a throw-away chain; none of it is real.
"""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from .client import YEAR_MS, TRAINING_PURPOSE, Client, blake2_256
from .keys import Keypair
from .model import DpSgd, LogisticRegression, ModelSpec, Training

#: The development chain's clinics, in dataset order (runtime/src/genesis_config_presets.rs).
DEV_CLINICS = ("//Alice", "//Bob", "//Charlie", "//Dave")
#: The development chain's researcher (affiliated with the London clinic).
DEV_RESEARCHER = "//Eve"
#: The schema hash the demo's datasets declare (fl-core's `IvfCycle` rows).
SCHEMA_HASH = "0x" + blake2_256(b"fl-core IvfCycle v1 (19 features, live_birth label)").hex()

#: The demo's model: DP logistic regression within the default privacy policy.
DEMO_SPEC = ModelSpec(
    architecture=LogisticRegression(),
    training=Training(learning_rate=0.5, epochs=1, batch_size=100),
    privacy=DpSgd(clip_norm=1.0, noise_multiplier=1.5),
    initial_model_seed=2026,
)


def demo_params(rows: int, rounds: int = 10) -> dict:
    """The demo task's schedule: windows of 3 blocks (a round moves on as soon as every
    clinic committed, or revealed, so a window is only a deadline; one block more than the
    least the chain allows rides out a session's last block, which its rotation fills), a
    quorum of three of the four clinics, every row of a dataset at most."""
    return {
        "rounds": rounds, "quorum": 3, "commit_window": 3, "reveal_window": 3,
        "max_samples": rows, "max_update_norm_ppm": 2_000_000,
    }


def pseudonyms(csv_path: str | Path) -> list[str]:
    """The patient pseudonyms of an `ivf-synth` file (its `patient_pseudonym` column)."""
    with open(csv_path, newline="") as handle:
        return ["0x" + row["patient_pseudonym"] for row in csv.DictReader(handle)]


@dataclass
class DemoStudy:
    datasets: list[int]
    task: int
    algorithm: str
    consents: int


def set_up(client: Client, data_files: list[str | Path], *, rounds: int = 10,
           spec: ModelSpec = DEMO_SPEC, say: Callable[[str], None] = print,
           clinics: tuple[str, ...] = DEV_CLINICS, researcher: str = DEV_RESEARCHER,
           budget_rho: Optional[int] = None) -> DemoStudy:
    """Registers the datasets, records the consents, gets the grants and creates the task."""
    accounts = [Keypair.from_uri(uri) for uri in clinics[: len(data_files)]]
    eve = Keypair.from_uri(researcher)
    patients = [pseudonyms(path) for path in data_files]
    rows = max(len(p) for p in patients)
    params = demo_params(rows, rounds)
    # Enough budget for every round, three times over (failed rounds are charged too).
    budget = budget_rho or 100_000_000

    # The clinics act at once: registrations and consents go in together (a consent does not
    # depend on a dataset), then the researcher's requests, the grants and the task.
    now = int(client.substrate.query("Timestamp", "Now").value)
    registrations = [(clinic, "DataAccess", "register_dataset", {
        "schema_hash": SCHEMA_HASH, "record_count": len(file_patients),
        "terms": {"permission": "Gru", "modifiers": []}, "privacy_budget": budget,
        "policy": "ClinicDecides", "privacy_policy": None,
    }) for clinic, file_patients in zip(accounts, patients)]
    consents = [(clinic, "Consent", "record_consent", {
        "terms": {
            "pseudonym": pseudonym, "purposes": ["AiTraining"], "valid_from": now,
            "valid_until": now + 10 * YEAR_MS, "storage_until": None,
            "form_hash": "0x" + blake2_256(b"demo consent form " + pseudonym.encode()).hex(),
        },
        "co_signature": None,
    }) for clinic, file_patients in zip(accounts, patients) for pseudonym in file_patients]
    receipts = client.submit_many(registrations + consents)
    datasets = [int(r.event("DataAccess", "DatasetRegistered")["dataset"]) for r in receipts[: len(accounts)]]
    say(f"datasets {datasets} registered by {len(accounts)} clinics (DUO GRU, DP required)")
    say(f"{len(consents)} AI-training consents recorded for the synthetic patients")

    algorithm = client.task_algorithm(spec, params)
    requested = client.submit_all(
        [("DataAccess", "request_access", {
            "dataset": d, "purpose": TRAINING_PURPOSE, "algorithm": algorithm,
            "duration": YEAR_MS // 12, "ethics_approval": None,
        }) for d in datasets],
        eve,
    )
    requests = [int(r.event("DataAccess", "AccessRequested")["request"]) for r in requested]
    client.submit_many([(clinic, "DataAccess", "grant_access", {"request": request})
                        for clinic, request in zip(accounts, requests)])
    say(f"the researcher holds grants {requests} for algorithm {algorithm[:18]}…")

    task = client.create_task(spec, datasets, params, "FedAvg", TRAINING_PURPOSE, eve)
    say(f"task {task} created: {rounds} rounds of DP logistic regression over datasets {datasets}")
    return DemoStudy(datasets, task, algorithm, len(consents))


def wait_for_node(url: str, timeout: float = 120.0) -> Client:
    """A client of the node at `url` once it answers and has produced a block."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            client = Client(url)
            if client.best_number() >= 1:
                return client
            client.close()
        except Exception as error:  # not listening yet
            last = error
        time.sleep(1)
    raise TimeoutError(f"no node at {url} after {timeout} s ({last})")
