"""The researcher's and auditor's client of an IVF consortium node.

Everything it sends and reads is encoded from the runtime's own metadata (metadata v15, with
its runtime APIs) by `async-substrate-interface`: no SCALE type is written by hand here, so the
client follows the runtime through upgrades. Rounds are followed through the node's `fl_*`
JSON-RPC methods, which every node serves.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import time
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Optional

from async_substrate_interface.sync_substrate import SubstrateInterface

from .errors import ChainError, TransactionRefused
from .keys import Keypair, compact_length
from .model import GlobalModel, LogisticRegression, Mlp, ModelSpec

#: `TASK_ALGORITHM_TAG` of the federated-learning pallet (`types.rs`).
TASK_ALGORITHM_TAG = b"ivf-fl/task-algorithm/v1"
#: The delta at which the chain states a dataset's budget as (epsilon, delta).
DEFAULT_DELTA = 1e-6
#: Milliseconds in a (365-day) year: access durations are in milliseconds.
YEAR_MS = 365 * 24 * 3600 * 1000

#: Training a model across clinics is methods development: the purpose of the demo's grants.
TRAINING_PURPOSE = {"aim": {"MethodsDevelopment": None}, "commercial": False, "genetic": False}


def blake2_256(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=32).digest()


def epsilon_at(rho: float, delta: float = DEFAULT_DELTA) -> float:
    """The epsilon of `rho`-zCDP at `delta`: `rho + 2 sqrt(rho ln(1/delta))` (Bun and Steinke
    2016, Prop. 1.3), the conversion the chain states budgets with."""
    if rho <= 0:
        return 0.0
    return rho + 2.0 * math.sqrt(rho * math.log(1.0 / delta))


@dataclass(frozen=True)
class Receipt:
    """An included extrinsic: its block and the events it emitted (pallet, event, attributes)."""

    block_hash: str
    block_number: int
    events: list[dict]

    def event(self, module: str, name: str) -> dict:
        """The attributes of the first `module.name` event (module as polkadot-js spells it,
        e.g. `dataAccess`, or as the metadata does, `DataAccess`)."""
        for e in self.events:
            if _same(e["module"], module) and e["name"] == name:
                return e["attributes"]
        raise KeyError(f"no {module}.{name} event in {[(e['module'], e['name']) for e in self.events]}")


def _same(a: str, b: str) -> bool:
    return a.replace("_", "").lower() == b.replace("_", "").lower()


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


@dataclass(frozen=True)
class RoundReport:
    """One closed round as `Client.follow` yields it."""

    task: int
    round: int
    rounds: int
    phase: str
    outcome: str
    version: Optional[int]
    model_hash: Optional[str]
    closed_at: Optional[int]
    reason: Optional[str]
    federated_auc: Optional[float]
    committed: list[int]
    revealed: list[int]
    not_committed: list[int]
    not_revealed: list[int]
    samples: int
    rho_charged: dict[int, float]
    raw: dict

    def line(self) -> str:
        """One line for a terminal."""
        head = f"task {self.task} round {self.round}: {self.outcome}"
        if self.version is not None:
            head += f", model v{self.version} {self.model_hash[:18]}…"
        if self.reason:
            head += f" ({self.reason})"
        auc = "" if self.federated_auc is None else f", federated AUC {self.federated_auc:.3f}"
        return (
            f"{head}{auc}; datasets committed {self.committed}, revealed {self.revealed}"
            f", {self.samples} samples"
        )


class Client:
    """A connection to one node, optionally with an account that signs.

    >>> client = Client("ws://127.0.0.1:9944", signer=Keypair.from_uri("//Eve"))
    >>> client.tasks()
    """

    def __init__(self, url: str = "ws://127.0.0.1:9944", signer: Optional[Keypair] = None):
        self.url = url
        self.signer = signer
        self.substrate = SubstrateInterface(url, ss58_format=42)

    def close(self) -> None:
        self.substrate.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # ---- plumbing ---------------------------------------------------------------------------

    def rpc(self, method: str, params: Optional[list] = None) -> Any:
        """A JSON-RPC call; its `result`."""
        answer = self.substrate.rpc_request(method, params or [])
        if "error" in answer:
            raise ChainError("rpc", str(answer["error"].get("message", answer["error"])), call=method)
        return answer["result"]

    def runtime_call(self, api: str, method: str, params: Optional[list] = None, block_hash=None):
        """A runtime API call (`FederatedLearningApi`, `task_algorithm`, [...]), decoded."""
        inputs = self.substrate.init_runtime().runtime_api_map[api][method]["inputs"]
        shaped = [self.shape(i["ty"], v) for i, v in zip(inputs, params or [])]
        return self.substrate.runtime_call(api, method, shaped, block_hash=block_hash)

    def best_number(self) -> int:
        return self.substrate.get_block_number(self.substrate.get_chain_head())

    def finalised_number(self) -> int:
        return self.substrate.get_block_number(self.substrate.get_chain_finalised_head())

    def encode(self, type_id: int, value: Any) -> bytes:
        """`value` SCALE-encoded as the runtime's type `type_id` (from its metadata)."""
        return self.substrate.encode_scale(f"scale_info::{type_id}", self.shape(type_id, value))

    def _api_input_type(self, api: str, method: str, index: int) -> int:
        runtime = self.substrate.init_runtime()
        return runtime.runtime_api_map[api][method]["inputs"][index]["ty"]

    def _signer(self, signer: Optional[Keypair]) -> Keypair:
        signer = signer or self.signer
        if signer is None:
            raise ValueError("this call needs an account: Client(url, signer=Keypair.from_uri(...))")
        return signer

    def _types(self) -> dict[int, dict]:
        """The runtime's portable type registry, by type id."""
        runtime = self.substrate.init_runtime()
        if getattr(self, "_types_for", None) is not runtime:
            registry = runtime.metadata.portable_registry.value["types"]
            self._types_by_id = {t["id"]: t["type"] for t in registry}
            self._types_for = runtime
        return self._types_by_id

    def shape(self, type_id: int, value: Any) -> Any:
        """`value`, written as a researcher would (a `BoundedVec` as a plain list), in the
        shape the metadata encoder expects for the runtime's type `type_id`.

        The encoder treats a `BoundedVec<T, S>` as the one-field struct it is in the metadata
        and wants its list wrapped in one more list; this walks the type from the metadata
        and adds exactly that wrapping, wherever the type nests one."""
        return _shape(self._types(), type_id, value)

    def shape_fields(self, fields: list[dict], values: dict) -> dict:
        """`shape` for the named `fields` of a call or a struct."""
        return _shape_fields(self._types(), fields, values)

    def _compose(self, module: str, function: str, params: dict):
        module = module[:1].upper() + module[1:]
        fields = self.substrate.get_metadata_call_function(module, function).value["fields"]
        return self.substrate.compose_call(
            call_module=module, call_function=function, call_params=self.shape_fields(fields, params)
        )

    def submit(self, module: str, function: str, params: dict, signer: Optional[Keypair] = None,
               *, nonce: Optional[int] = None) -> Receipt:
        """Signs and submits `module.function(params)`, waits until a block holds it, and raises
        `ChainError` (pallet, error, documentation) if it failed there, `TransactionRefused` if
        the node's pool refused it. Module and call as the metadata names them
        (`"DataAccess"`, `"request_access"`); polkadot-js's `dataAccess` works too."""
        signer = self._signer(signer)
        call = self._compose(module, function, params)
        extrinsic = self.substrate.create_signed_extrinsic(call=call, keypair=signer, nonce=nonce)
        name = f"{_lower_first(module)}.{function}"
        try:
            receipt = self.substrate.submit_extrinsic(extrinsic, wait_for_inclusion=True)
        except Exception as error:  # the pool's refusal comes back as an RPC error
            raise TransactionRefused(_pool_reason(error), call=name) from error
        events = self._decode_events(receipt.triggered_events)
        self._raise_if_failed(events, name)
        block_hash = receipt.block_hash
        return Receipt(block_hash, self.substrate.get_block_number(block_hash), events)

    def submit_all(self, calls: Iterable[tuple[str, str, dict]], signer: Optional[Keypair] = None,
                   *, timeout: float = 120.0) -> list[Receipt]:
        """Many calls of one account at once, with consecutive nonces (see `submit_many`)."""
        signer = self._signer(signer)
        return self.submit_many([(signer, module, function, params) for module, function, params in calls],
                                timeout=timeout)

    def submit_many(self, entries: list[tuple[Keypair, str, str, dict]], *,
                    timeout: float = 120.0) -> list[Receipt]:
        """Submits `(signer, module, function, params)` entries all at once, each signer's
        with consecutive nonces, without waiting for each: what a clinic does with a day's
        consents, in a few blocks rather than one block each. Returns once every one is in a
        block, with one `Receipt` per entry in their order, and raises `ChainError` for the
        first that failed (the others stay done: they are separate transactions)."""
        start = self.best_number()
        nonces: dict[str, int] = {}
        hashes = []
        for signer, module, function, params in entries:
            address = signer.ss58_address
            if address not in nonces:
                nonces[address] = self.substrate.get_account_next_index(address)
            extrinsic = self.substrate.create_signed_extrinsic(
                call=self._compose(module, function, params), keypair=signer, nonce=nonces[address]
            )
            nonces[address] += 1
            data = bytes.fromhex(str(extrinsic.data).removeprefix("0x"))
            try:
                self.rpc("author_submitExtrinsic", ["0x" + data.hex()])
            except ChainError as error:
                raise TransactionRefused(error.name, call=f"{_lower_first(module)}.{function}") from error
            hashes.append("0x" + blake2_256(data).hex())
        found: dict[str, Receipt] = {}
        deadline = time.monotonic() + timeout
        number = start
        while len(found) < len(hashes):
            if number > self.best_number():
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{len(hashes) - len(found)} of {len(hashes)} transactions not in a block after {timeout} s")
                time.sleep(0.5)
                continue
            block_hash = self.substrate.get_block_hash(number)
            block = self.rpc("chain_getBlock", [block_hash])["block"]
            index_of = {"0x" + blake2_256(bytes.fromhex(xt[2:])).hex(): i for i, xt in enumerate(block["extrinsics"])}
            wanted = {h: index_of[h] for h in hashes if h in index_of and h not in found}
            if wanted:
                events = self._decode_events(self.substrate.get_events(block_hash))
                for h, index in wanted.items():
                    found[h] = Receipt(block_hash, number, [e for e in events if e["extrinsic"] == index])
            number += 1
        receipts = [found[h] for h in hashes]
        for (_, module, function, _), receipt in zip(entries, receipts):
            self._raise_if_failed(receipt.events, f"{_lower_first(module)}.{function}")
        return receipts

    def _raise_if_failed(self, events: list[dict], call: str) -> None:
        """Raises the `ChainError` of an extrinsic whose events say it failed."""
        failure = next((e for e in events if e["module"] == "System" and e["name"] == "ExtrinsicFailed"), None)
        if failure is not None:
            raise self._dispatch_error(failure["attributes"], call)

    @staticmethod
    def _decode_events(raw_events) -> list[dict]:
        out = []
        for record in raw_events:
            value = record.value if hasattr(record, "value") else record
            event = value.get("event", value)
            phase = value.get("phase")
            if isinstance(phase, dict):
                extrinsic = phase.get("ApplyExtrinsic")
            else:
                extrinsic = value.get("extrinsic_idx") if phase == "ApplyExtrinsic" else None
            out.append({
                "module": event.get("module_id"),
                "name": event.get("event_id"),
                "attributes": event.get("attributes"),
                "extrinsic": extrinsic,
            })
        return out

    def _dispatch_error(self, attributes: Any, call: str) -> ChainError:
        error = attributes.get("dispatch_error") if isinstance(attributes, dict) else attributes
        if isinstance(error, dict) and "Module" in error:
            module = error["Module"]
            index = module["index"]
            code = module["error"]
            code = code[0] if isinstance(code, (bytes, list, tuple)) else int(str(code)[2:4], 16) if isinstance(code, str) else code
            meta = self.substrate.metadata.get_module_error(module_index=index, error_index=code)
            pallet_name = self.substrate.metadata.get_pallet_by_index(index).name
            docs = " ".join(line.strip() for line in (meta.docs or []))
            return ChainError(_lower_first(pallet_name), meta.name, docs, call=call)
        name = next(iter(error)) if isinstance(error, dict) else str(error)
        return ChainError("system", name, str(error), call=call)

    # ---- members and datasets ---------------------------------------------------------------

    def members(self) -> list[dict]:
        """The consortium's members: `{"account", "role", ...}` per member."""
        out = []
        for account, membership in self.runtime_call("ConsortiumApi", "members"):
            out.append({"account": account, **membership})
        return out

    def dataset(self, dataset: int) -> Optional[dict]:
        """A dataset's clinic, DUO terms, schema hash, record count, policy and privacy budget."""
        return self.runtime_call("DataAccessApi", "dataset", [dataset])

    def dataset_schema(self, dataset: int) -> Optional[dict]:
        """The columns a dataset's clinic declared (`declareSchema`): names, types, units,
        plausible ranges, levels and whether each may be missing; no row. `None` if the dataset
        has declared none. Ask a study question (`ModelSpec.question`) of these columns."""
        return self.runtime_call("DataAccessApi", "dataset_schema", [dataset])

    def datasets(self, limit: int = 1000) -> list[dict]:
        """Every registered dataset, in id order."""
        out = []
        for dataset in range(limit):
            view = self.dataset(dataset)
            if view is None:
                break
            out.append(view)
        return out

    def access_decision(self, dataset: int, algorithm: str, purpose: dict = TRAINING_PURPOSE,
                        researcher: Optional[str] = None) -> dict:
        """"May I run this now, and if not, why?" for `algorithm` on `dataset`."""
        researcher = researcher or self._signer(None).ss58_address
        return self.runtime_call("DataAccessApi", "access_decision", [researcher, dataset, algorithm, purpose])

    def request_access(self, dataset: int, algorithm: str, purpose: dict = TRAINING_PURPOSE,
                       duration_ms: int = YEAR_MS // 12, ethics_approval: Optional[str] = None,
                       signer: Optional[Keypair] = None) -> int:
        """Requests access; the request id (under an automatic policy, also the grant id)."""
        receipt = self.submit("DataAccess", "request_access", {
            "dataset": dataset, "purpose": purpose, "algorithm": algorithm,
            "duration": duration_ms, "ethics_approval": ethics_approval,
        }, signer)
        return int(receipt.event("DataAccess", "AccessRequested")["request"])

    def grant_access(self, request: int, signer: Optional[Keypair] = None) -> Receipt:
        """A clinic grants a request on its dataset."""
        return self.submit("DataAccess", "grant_access", {"request": request}, signer)

    # ---- tasks -------------------------------------------------------------------------------

    def spec_bytes(self, spec: ModelSpec | dict) -> bytes:
        """The spec's SCALE encoding, by the runtime's own type of `ModelSpec`."""
        value = spec.to_chain() if isinstance(spec, ModelSpec) else spec
        return self.encode(self._api_input_type("FederatedLearningApi", "task_algorithm", 0), value)

    def spec_id(self, spec: ModelSpec | dict) -> str:
        """`blake2_256(SCALE(spec))`, as `fl_core::ModelSpec::id` computes it."""
        return "0x" + blake2_256(self.spec_bytes(spec)).hex()

    def task_algorithm(self, spec: ModelSpec | dict, params: dict, rule: Any = "FedAvg") -> str:
        """The algorithm hash a task's grants must name, computed here exactly as the pallet's
        `task_algorithm` does: `blake2_256(SCALE(tag) ‖ spec id ‖ rounds ‖ max_samples ‖
        max_update_norm_ppm ‖ SCALE(rule))`."""
        rule_bytes = self.encode(self._api_input_type("FederatedLearningApi", "task_algorithm", 2), rule)
        preimage = (
            compact_length(len(TASK_ALGORITHM_TAG)) + TASK_ALGORITHM_TAG
            + blake2_256(self.spec_bytes(spec))
            + int(params["rounds"]).to_bytes(4, "little")
            + int(params["max_samples"]).to_bytes(4, "little")
            + int(params["max_update_norm_ppm"]).to_bytes(4, "little")
            + rule_bytes
        )
        return "0x" + blake2_256(preimage).hex()

    def task_algorithm_on_chain(self, spec: ModelSpec | dict, params: dict, rule: Any = "FedAvg") -> str:
        """The same hash, asked of the runtime (`FederatedLearningApi::task_algorithm`)."""
        value = spec.to_chain() if isinstance(spec, ModelSpec) else spec
        answer = self.runtime_call("FederatedLearningApi", "task_algorithm", [value, params, rule])
        return answer if isinstance(answer, str) else "0x" + bytes(answer).hex()

    def create_task(self, spec: ModelSpec | dict, datasets: list[int], params: dict,
                    rule: Any = "FedAvg", purpose: dict = TRAINING_PURPOSE,
                    signer: Optional[Keypair] = None) -> int:
        """Creates a federated task over `datasets` (each needs a live grant for the task's
        algorithm hash); its id."""
        value = spec.to_chain() if isinstance(spec, ModelSpec) else spec
        receipt = self.submit("FederatedLearning", "create_task", {
            "spec": value, "purpose": purpose, "datasets": datasets, "params": params, "rule": rule,
        }, signer)
        return int(receipt.event("FederatedLearning", "TaskCreated")["task"])

    def tasks(self) -> list[dict]:
        """Every task's id and status (`fl_tasks`)."""
        return self.rpc("fl_tasks", [])

    def task(self, task: int) -> Optional[dict]:
        """A task as `fl_task` shows it (schedule, rule, DP settings, participants, status)."""
        return self.rpc("fl_task", [task])

    def round(self, task: int, round: Optional[int] = None) -> Optional[dict]:
        """A round as `fl_round` shows it (the open one by default)."""
        return self.rpc("fl_round", [task, round])

    def task_spec(self, task: int) -> ModelSpec:
        """The task's model spec, decoded from the runtime's view of the task."""
        view = self.runtime_call("FederatedLearningApi", "task", [task])
        if view is None:
            raise KeyError(f"no task {task}")
        return ModelSpec.from_chain(view["spec"])

    def round_report(self, task: int, round: int, rounds: Optional[int] = None) -> RoundReport:
        r = self.round(task, round)
        if r is None:
            raise KeyError(f"task {task} has no round {round}")
        contributions = r.get("contributions", [])
        outcome = r["outcome"]
        return RoundReport(
            task=task, round=round, rounds=rounds or 0, phase=r["phase"],
            outcome=outcome["status"], version=outcome.get("version"),
            model_hash=outcome.get("modelHash"), closed_at=outcome.get("closedAt"),
            reason=outcome.get("reason"), federated_auc=r.get("federatedAuc"),
            committed=sorted(c["dataset"] for c in contributions),
            revealed=sorted(c["dataset"] for c in contributions if c["state"] in ("Revealed", "Aggregated")),
            not_committed=r.get("notCommitted", []), not_revealed=r.get("notRevealed", []),
            samples=sum(c["samples"] for c in contributions if c["state"] in ("Revealed", "Aggregated")),
            rho_charged={c["dataset"]: c["rhoCharged"] for c in contributions},
            raw=r,
        )

    def follow(self, task: int, *, progress: bool = False, poll: float = 1.0,
               timeout: Optional[float] = None) -> Iterator[RoundReport]:
        """Yields each round of `task` as it closes, from round 1, until the task ends;
        with `progress=True`, a `tqdm` bar of rounds closed on stderr."""
        first = self.task(task)
        if first is None:
            raise KeyError(f"no task {task}")
        rounds = first["rounds"]
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=rounds, desc=f"task {task}", unit="round aggregated")
        deadline = None if timeout is None else time.monotonic() + timeout
        next_round = 1
        try:
            while True:
                t = self.task(task)
                closed_up_to = t["round"] if t["status"] != "Running" else t["round"] - 1
                current = self.round(task, t["round"])
                if current is not None and current["phase"] == "Closed":
                    closed_up_to = t["round"]
                while next_round <= closed_up_to:
                    report = self.round_report(task, next_round, rounds)
                    if bar is not None:
                        # The bar counts aggregated rounds (a failed round is run again).
                        bar.update(1 if report.outcome == "Aggregated" else 0)
                        bar.set_postfix_str(f"round {report.round} " + f"{report.outcome}" + (
                            f" AUC {report.federated_auc:.3f}" if report.federated_auc is not None else ""))
                    yield report
                    next_round += 1
                if t["status"] != "Running":
                    return
                if deadline is not None and time.monotonic() > deadline:
                    raise TimeoutError(f"task {task} still running at round {t['round']}")
                time.sleep(poll)
        finally:
            if bar is not None:
                bar.close()

    def global_model(self, task: int, version: Optional[int] = None) -> GlobalModel:
        """The task's global model (the current one, or `version`) with its layers as NumPy
        arrays; `.to_sklearn()` gives a fitted scikit-learn model for logistic regression."""
        view = self.rpc("fl_globalModel", [task, version])
        if view is None:
            raise KeyError(f"task {task} has no model version {version}")
        spec = self.task_spec(task)
        return GlobalModel(task, view["version"], view["round"], view["hash"], spec.architecture,
                           tuple(view["parameters"]))

    def replay(self, task: int) -> dict:
        """The node's verdict on every aggregated round of `task` (`fl_replay`): each round
        recomputed from the updates and checked against the stored model hash."""
        return self.rpc("fl_replay", [task])

    # ---- privacy and audit -------------------------------------------------------------------

    def privacy_spent(self, task: int, delta: float = DEFAULT_DELTA,
                      reports: Optional[list[RoundReport]] = None) -> list[dict]:
        """Per dataset of the task: rho charged by its rounds, cumulative per round, and the
        dataset's whole budget as the chain keeps it, with epsilon at `delta`. Pass the
        `reports` that `follow` yielded to read no round again."""
        t = self.task(task)
        per_dataset: dict[int, list[float]] = {p["dataset"]: [] for p in t["participants"]}
        if reports is None:
            reports = [self.round_report(task, r) for r in range(1, t["round"] + 1)]
        for report in reports:
            for dataset, series in per_dataset.items():
                series.append((series[-1] if series else 0.0) + report.rho_charged.get(dataset, 0.0))
        out = []
        for dataset, series in per_dataset.items():
            budget = (self.dataset(dataset) or {}).get("privacy", {})
            rho = series[-1] if series else 0.0
            out.append({
                "dataset": dataset, "task_rho": rho, "task_epsilon": epsilon_at(rho, delta),
                "delta": delta, "rho_by_round": series, "budget": budget,
            })
        return out

    def access_log(self, dataset: int) -> list[dict]:
        """Who used `dataset`, when, under which grant, for which algorithm and purpose
        (the latest uses the chain keeps in state; older ones are in events)."""
        log = self.runtime_call("DataAccessApi", "access_log", [dataset])
        if log is None:
            return []
        return [{"dataset": dataset, "seq": r["seq"], **r["entry"]} for r in log["records"]]

    def lineage(self, task: int) -> list[dict]:
        """A task's lineage, one row per round and dataset: the grant it trained under, the
        dataset's clinic, its contribution's state and samples, and the round's model hash."""
        t = self.task(task)
        grants = {}
        for p in t["participants"]:
            for g in self.runtime_call("DataAccessApi", "grants_on_dataset", [p["dataset"]]):
                if _hex(g.get("algorithm")) == t["algorithm"] and g.get("researcher") == t["researcher"]:
                    grants[p["dataset"]] = g["id"]
        rows = []
        for r in range(1, t["round"] + 1):
            view = self.round(task, r) or {}
            outcome = view.get("outcome", {})
            for c in view.get("contributions", []):
                rows.append({
                    "task": task, "round": r, "dataset": c["dataset"], "clinic": c["clinic"],
                    "grant": grants.get(c["dataset"]), "state": c["state"],
                    "samples": c["samples"], "cohort_hash": c["cohortHash"],
                    "outcome": outcome.get("status"), "model_version": outcome.get("version"),
                    "model_hash": outcome.get("modelHash"), "algorithm": t["algorithm"],
                })
        return rows


def _shape(types: dict[int, dict], type_id: int, value: Any) -> Any:
    """`Client.shape` over the registry `types` (read once per call, not per level)."""
    definition = types[type_id]
    kind, body = next(iter(definition["def"].items()))
    if kind == "composite":
        fields = body["fields"]
        if len(fields) == 1 and fields[0]["name"] is None:
            inner = fields[0]["type"]
            if "sequence" in types[inner]["def"] and not isinstance(value, (str, bytes)):
                return [_shape(types, inner, value)]
            return value
        if isinstance(value, dict) and all(f["name"] for f in fields):
            return {
                f["name"]: _shape(types, f["type"], value[f["name"]]) if f["name"] in value else None
                for f in fields
            } | {k: v for k, v in value.items() if k not in {f["name"] for f in fields}}
        return value
    if kind == "variant":
        variants = {v["name"]: v for v in body["variants"]}
        if definition.get("path") == ["Option"]:
            return None if value is None else _shape(types, variants["Some"]["fields"][0]["type"], value)
        if isinstance(value, dict) and len(value) == 1:
            (name, inner), = value.items()
            variant = variants.get(name)
            if variant is None or not variant["fields"]:
                return value
            fields = variant["fields"]
            if len(fields) == 1 and fields[0]["name"] is None:
                return {name: _shape(types, fields[0]["type"], inner)}
            if isinstance(inner, dict):
                return {name: _shape_fields(types, fields, inner)}
        return value
    if kind in ("sequence", "array") and isinstance(value, (list, tuple)):
        return [_shape(types, body["type"], v) for v in value]
    if kind == "tuple" and isinstance(value, (list, tuple)):
        return [_shape(types, t, v) for t, v in zip(body, value)]
    return value


def _shape_fields(types: dict[int, dict], fields: list[dict], values: dict) -> dict:
    type_of = {f["name"]: f["type"] for f in fields}
    return {k: _shape(types, type_of[k], v) if k in type_of else v for k, v in values.items()}


def _hex(value: Any) -> Optional[str]:
    if value is None or isinstance(value, str):
        return value
    return "0x" + bytes(value).hex()


def _pool_reason(error: Exception) -> str:
    """The pool's words for a refused transaction (the RPC error's message)."""
    return str(error) or type(error).__name__


def to_csv(rows: list[dict]) -> str:
    """A list of dicts (the audit tables) as CSV text, columns in the first row's order."""
    if not rows:
        return ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
