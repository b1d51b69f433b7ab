"""A researcher's session against a real development node, from access to the model's predictions."""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys

import numpy as np
import pytest

from conftest import DEMO_SPEC, ROUNDS, ROWS, tool
from ivf_consortium import ChainError, Client, Keypair, ModelSpec, epsilon_at, to_csv
from ivf_consortium.demo import demo_params
from ivf_consortium.model import Mlp, Training, DpSgd
from ivf_consortium.plots import plot_task

EVE = Keypair.from_uri("//Eve")


def test_keypairs_derive_as_substrate_does(dev_chain):
    assert Keypair.from_uri("//Alice").ss58_address == "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
    assert EVE.ss58_address == "5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw"
    # A node keystore file (`ivf-node key insert` wrote it) gives the same account.
    keystore = next((dev_chain.work / "node").rglob("keystore"))
    alice = Keypair.from_uri("//Alice").public_key.hex()
    path = next(p for p in keystore.iterdir() if p.name.endswith(alice))
    assert Keypair.from_keystore_file(path).ss58_address == Keypair.from_uri("//Alice").ss58_address
    signature = EVE.sign(b"payload")
    assert EVE.verify(b"payload", signature) and not EVE.verify(b"other", signature)
    assert "secret" not in repr(EVE) and EVE.secret_key.hex() not in repr(EVE)


def test_members_and_datasets_with_their_terms(client, study):
    roles = {m["account"]: m for m in client.members()}
    assert EVE.ss58_address in roles
    datasets = client.datasets()
    assert [d["id"] for d in datasets] == study.datasets
    for view in datasets:
        assert view["record_count"] == ROWS
        assert view["permission"] == "Gru"
        assert view["privacy_policy"]["dp_required"] is True
        # The IVF datasets of this study declared no columns (the IVF default needs none).
        assert client.dataset_schema(view["id"]) is None


def test_spec_id_and_algorithm_hash_are_computed_as_the_chain_does(client, study):
    task = client.task(study.task)
    assert client.spec_id(DEMO_SPEC) == task["specId"]
    params = demo_params(ROWS, ROUNDS)
    local = client.task_algorithm(DEMO_SPEC, params)
    assert local == client.task_algorithm_on_chain(DEMO_SPEC, params) == task["algorithm"] == study.algorithm
    # Another spec, rule or schedule gives another hash, here and in the runtime alike.
    other = ModelSpec(architecture=Mlp(hidden=4), training=Training(0.2, 2, 50), privacy=DpSgd(0.8, 2.0))
    for spec, p, rule in [(other, params, "FedAvg"), (DEMO_SPEC, {**params, "rounds": 99}, "FedAvg"),
                          (DEMO_SPEC, params, {"TrimmedMean": {"trim_each_side": 1}})]:
        mine = client.task_algorithm(spec, p, rule)
        assert mine == client.task_algorithm_on_chain(spec, p, rule)
        assert mine != local


def test_the_chain_permits_the_task_algorithm_on_every_dataset(client, study):
    for dataset in study.datasets:
        decision = client.access_decision(dataset, study.algorithm, researcher=EVE.ss58_address)
        assert "Permitted" in decision, decision


def test_a_refused_call_raises_the_chain_error_by_name_with_its_docs(client, study):
    with pytest.raises(ChainError) as refused:
        client.request_access(999, study.algorithm, signer=EVE)
    assert (refused.value.module, refused.value.name) == ("dataAccess", "UnknownDataset")
    assert refused.value.docs, "the error's documentation from the metadata"
    assert "dataAccess.UnknownDataset" in str(refused.value)
    # A clinic cannot create tasks: a role check, by name too.
    with pytest.raises(ChainError) as not_researcher:
        client.create_task(DEMO_SPEC, study.datasets, demo_params(ROWS, ROUNDS), signer=Keypair.from_uri("//Bob"))
    assert (not_researcher.value.module, not_researcher.value.name) == ("federatedLearning", "NotAnActiveResearcher")
    print(f"refused as polkadot-js would show it: {not_researcher.value}")


def test_follow_yields_every_round_to_the_end(client, study, finished):
    reports = finished["reports"]
    task = client.task(study.task)
    assert task["status"] == "Completed"
    # Every round from the first to the last, in order; a failed round (none committed in
    # time) is run again, so there may be more rounds than `rounds`.
    assert [r.round for r in reports] == list(range(1, task["round"] + 1))
    assert all(r.phase == "Closed" for r in reports)
    aggregated = [r for r in reports if r.outcome == "Aggregated"]
    assert len(aggregated) == ROUNDS == task["aggregatedRounds"], [r.line() for r in reports]
    for r in aggregated:
        assert len(r.revealed) >= 3 and r.samples >= 3 * 20
        assert r.model_hash.startswith("0x") and len(r.model_hash) == 66
        assert 0.0 < r.federated_auc < 1.0
    assert [r.version for r in aggregated] == list(range(1, ROUNDS + 1))
    for r in reports:
        if r.outcome != "Aggregated":
            assert r.outcome == "Failed" and "QuorumNotMet" in r.reason, r.line()
    print(f"followed {len(reports)} rounds in {finished['seconds']:.0f} s")


def _native_predictions(spec_hex: str, parameters, csv_path):
    out = subprocess.run([tool("fl-predict"), "--spec", spec_hex, "--parameters", ",".join(map(str, parameters)),
                          "--csv", csv_path], check=True, capture_output=True, text=True).stdout
    rows = list(csv.reader(out.splitlines()))
    table = np.array([[float(v) for v in row] for row in rows[1:]])
    # Columns: the model inputs, the row's label, the model's probability.
    return table[:, :-2], table[:, -1]


def test_the_global_model_predicts_as_fl_core_does(client, study, finished, dev_chain, tmp_path):
    model = client.global_model(study.task)
    task = client.task(study.task)
    assert model.version == task["modelVersion"] >= 1
    assert model.hash == finished["reports"][-1].model_hash or finished["reports"][-1].outcome != "Aggregated"
    assert len(model.parameters) == task["parameterCount"] == 20
    layers = model.layers()
    assert layers["coef"].shape == (19,) and layers["intercept"].shape == (1,)

    spec_hex = "0x" + client.spec_bytes(client.task_spec(study.task)).hex()
    features, native = _native_predictions(spec_hex, model.parameters, dev_chain.test_csv)
    assert len(native) == 400
    sklearn_model = model.to_sklearn()
    ours = sklearn_model.predict_proba(features)[:, 1]
    assert np.max(np.abs(ours - native)) < 1e-6
    assert np.max(np.abs(model.predict_proba(features) - native)) < 1e-6
    # The features the tool printed are the spec's normalisation of the raw columns.
    spread = native.max() - native.min()
    assert spread > 0.05, "the trained model tells patients apart"
    # An older version is another model.
    first = client.global_model(study.task, 1)
    assert first.version == 1 and first.parameters != model.parameters

    path = tmp_path / "model.npz"
    model.save_npz(path)
    saved = np.load(path)
    assert list(saved["parameters_q16"]) == list(model.parameters)
    assert str(saved["hash"]) == model.hash


def test_privacy_spent_per_dataset(client, study, finished):
    spent = client.privacy_spent(study.task)
    assert [s["dataset"] for s in spent] == study.datasets
    for entry in spent:
        charged = sum(r.rho_charged.get(entry["dataset"], 0.0) for r in finished["reports"])
        assert math.isclose(entry["task_rho"], charged, rel_tol=1e-9)
        assert entry["task_rho"] > 0
        assert len(entry["rho_by_round"]) == len(finished["reports"])
        assert entry["rho_by_round"] == sorted(entry["rho_by_round"])
        assert math.isclose(entry["task_epsilon"], epsilon_at(entry["task_rho"], 1e-6))
    # rho + 2 sqrt(rho ln(1/delta)) at a known point.
    assert math.isclose(epsilon_at(0.5, 1e-6), 0.5 + 2 * math.sqrt(0.5 * math.log(1e6)))


def test_plots_convergence_and_privacy_to_png(client, study, finished, tmp_path):
    path = plot_task(finished["reports"], client.privacy_spent(study.task), tmp_path / "task.png", title="test")
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 30_000, f"a plot with content, not an empty canvas ({len(data)} bytes)"


def test_audit_access_log_and_lineage(client, study, finished):
    log = client.access_log(study.datasets[0])
    assert log, "every round's use of the dataset is logged"
    assert all(entry["researcher"] == EVE.ss58_address for entry in log)
    lineage = client.lineage(study.task)
    assert {row["dataset"] for row in lineage} == set(study.datasets)
    assert {row["round"] for row in lineage} == {r.round for r in finished["reports"] if r.committed}
    by_round = {r.round: r for r in finished["reports"]}
    for row in lineage:
        assert row["model_hash"] == by_round[row["round"]].model_hash
        assert row["grant"] is not None and row["algorithm"] == study.algorithm
    text = to_csv(lineage)
    header, *lines = text.strip().splitlines()
    assert header.startswith("task,round,dataset,clinic,grant") and len(lines) == len(lineage)


def run_cli(url, *args):
    return subprocess.run([sys.executable, "-m", "ivf_consortium.cli", "--url", url, *args],
                          capture_output=True, text=True, timeout=300)


def test_command_line(dev_chain, study, finished, tmp_path):
    tasks = run_cli(dev_chain.url, "tasks")
    assert tasks.returncode == 0, tasks.stderr
    assert f"task {study.task}: Completed, {ROUNDS} of {ROUNDS} rounds aggregated (at round {len(finished['reports'])})" in tasks.stdout

    png = tmp_path / "follow.png"
    follow = run_cli(dev_chain.url, "follow", str(study.task), "--quiet", "--plot", str(png))
    assert follow.returncode == 0, follow.stderr
    assert follow.stdout.count(f"task {study.task} round ") == len(finished["reports"])
    assert "epsilon" in follow.stdout and png.stat().st_size > 30_000

    out = tmp_path / "model.npz"
    model = run_cli(dev_chain.url, "model", str(study.task), "--out", str(out))
    assert model.returncode == 0, model.stderr
    assert np.load(out)["parameters_q16"].shape == (20,)

    replay = run_cli(dev_chain.url, "replay", str(study.task))
    assert replay.returncode == 0, replay.stdout + replay.stderr
    assert replay.stdout.strip().endswith("not retained") and replay.stdout.startswith("round 1: Verified")

    lineage_csv = tmp_path / "lineage.csv"
    lineage = run_cli(dev_chain.url, "lineage", str(study.task), "--csv", str(lineage_csv))
    committed = sum(len(r.committed) for r in finished["reports"])
    assert lineage.returncode == 0 and lineage_csv.read_text().count("\n") == 1 + committed

    refused = run_cli(dev_chain.url, "replay", "999")
    assert refused.returncode != 0


def test_no_secret_or_row_in_what_the_client_reads(client, study, finished, dev_chain):
    # What a researcher gets back names pseudonymous accounts and hashes only: no patient's
    # raw id from the clinics' files appears in any answer the client returned.
    answers = json.dumps([client.task(study.task), [r.raw for r in finished["reports"]],
                          client.lineage(study.task), client.access_log(0)], default=str)
    for path in dev_chain.data:
        with open(path) as handle:
            for row in list(csv.DictReader(handle))[:50]:
                assert row["patient_id"] not in answers
                assert row["patient_pseudonym"] not in answers
