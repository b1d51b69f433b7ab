"""`ivf-consortium`: follow tasks, download models, replay rounds and read the audit trail."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .client import Client, to_csv
from .errors import ChainError


def _print_table(rows: list[dict], csv_path: str | None) -> None:
    if csv_path:
        Path(csv_path).write_text(to_csv(rows))
        print(f"{len(rows)} rows written to {csv_path}")
        return
    for row in rows:
        print(json.dumps(row, default=str))


def cmd_tasks(client: Client, _args) -> int:
    for summary in client.tasks():
        task = client.task(summary["id"])
        print(f"task {task['id']}: {task['status']}, {task['aggregatedRounds']} of {task['rounds']} rounds "
              f"aggregated (at round {task['round']}), {task['architecture']} {task['rule']}, "
              f"datasets {[p['dataset'] for p in task['participants']]}")
    return 0


def cmd_datasets(client: Client, _args) -> int:
    for view in client.datasets():
        privacy = view.get("privacy", {})
        print(json.dumps({"id": view["id"], "clinic": view["clinic"], "records": view["record_count"],
                          "permission": view["permission"], "modifiers": view["modifiers"],
                          "schema": view["schema_hash"], "status": view["status"],
                          "privacy": privacy}, default=str))
    return 0


def cmd_follow(client: Client, args) -> int:
    reports = []
    for report in client.follow(args.task, progress=not args.quiet, timeout=args.timeout):
        reports.append(report)
        print(report.line(), flush=True)
    task = client.task(args.task)
    print(f"task {args.task}: {task['status']}, {task['aggregatedRounds']} of {task['rounds']} rounds aggregated")
    privacy = client.privacy_spent(args.task, reports=reports)
    for entry in privacy:
        print(f"  dataset {entry['dataset']}: rho {entry['task_rho']:.4f} spent on this task, "
              f"epsilon {entry['task_epsilon']:.3f} at delta {entry['delta']:g}")
    if args.plot:
        from .plots import plot_task

        path = plot_task(reports, privacy, args.plot, title=f"task {args.task} ({task['architecture']}, {task['rule']})")
        print(f"plot written to {path}")
    return 0


def cmd_model(client: Client, args) -> int:
    model = client.global_model(args.task, args.version)
    model.save_npz(args.out)
    print(f"task {args.task} model v{model.version} (round {model.round}) {model.hash}: "
          f"{len(model.parameters)} parameters written to {args.out}")
    return 0


def cmd_replay(client: Client, args) -> int:
    verdict = client.replay(args.task)
    if verdict is None:
        print(f"no task {args.task}", file=sys.stderr)
        return 2
    for r in verdict["rounds"]:
        print(f"round {r['round']}: {r['result']}  model v{r['version']} {r.get('stored')}")
    print(f"{verdict['status']}: {verdict['verified']} rounds verified, {verdict['notRetained']} not retained")
    return 0 if verdict["status"] == "OK" else 1


def cmd_access_log(client: Client, args) -> int:
    _print_table(client.access_log(args.dataset), args.csv)
    return 0


def cmd_lineage(client: Client, args) -> int:
    _print_table(client.lineage(args.task), args.csv)
    return 0


def cmd_demo(client: Client, args) -> int:
    from .demo import set_up

    study = set_up(client, args.data, rounds=args.rounds)
    print(f"follow it: ivf-consortium --url {client.url} follow {study.task}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ivf-consortium", description=__doc__)
    p.add_argument("--url", default="ws://127.0.0.1:9944", help="the node's WebSocket RPC")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("tasks", help="every task and where it stands").set_defaults(run=cmd_tasks)
    sub.add_parser("datasets", help="every dataset, its DUO terms and budget").set_defaults(run=cmd_datasets)
    follow = sub.add_parser("follow", help="follow a task's rounds to its end")
    follow.add_argument("task", type=int)
    follow.add_argument("--plot", help="save convergence and privacy plots to this PNG")
    follow.add_argument("--timeout", type=float, default=None, help="give up after this many seconds")
    follow.add_argument("--quiet", action="store_true", help="no progress bar")
    follow.set_defaults(run=cmd_follow)
    model = sub.add_parser("model", help="download a task's global model as .npz")
    model.add_argument("task", type=int)
    model.add_argument("--version", type=int, default=None)
    model.add_argument("--out", required=True)
    model.set_defaults(run=cmd_model)
    replay = sub.add_parser("replay", help="the node's replay of every aggregated round")
    replay.add_argument("task", type=int)
    replay.set_defaults(run=cmd_replay)
    log = sub.add_parser("access-log", help="who used a dataset, when, for what")
    log.add_argument("dataset", type=int)
    log.add_argument("--csv")
    log.set_defaults(run=cmd_access_log)
    lineage = sub.add_parser("lineage", help="a task's datasets, grants and model hash per round")
    lineage.add_argument("task", type=int)
    lineage.add_argument("--csv")
    lineage.set_defaults(run=cmd_lineage)
    demo = sub.add_parser("demo", help="development chain only: set up the demo study")
    demo.add_argument("data", nargs="+", help="the clinics' ivf-synth CSV files, in dataset order")
    demo.add_argument("--rounds", type=int, default=10)
    demo.set_defaults(run=cmd_demo)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        with Client(args.url) as client:
            return args.run(client, args)
    except ChainError as error:
        print(f"refused: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `| head`: the reader has what it wanted
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
