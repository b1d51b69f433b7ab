"""Convergence and privacy plots of a task, drawn with matplotlib and saved as PNG."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from .client import RoundReport


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # files only: no display needed
    import matplotlib.pyplot as plt

    return plt


def plot_task(reports: Sequence[RoundReport], privacy: Sequence[dict], path: str | Path,
              title: str = "") -> Path:
    """One figure of three panels: the federated AUC per round, which datasets' updates each
    round aggregated (and which committed but did not reveal), and the rho (with epsilon at
    the chain's delta) each dataset spent on the task, cumulatively. Returns the PNG's path."""
    plt = _pyplot()
    fig, (auc_ax, part_ax, rho_ax) = plt.subplots(1, 3, figsize=(15, 4.2))
    rounds = [r.round for r in reports]

    aucs = [(r.round, r.federated_auc) for r in reports if r.federated_auc is not None]
    if aucs:
        auc_ax.plot([x for x, _ in aucs], [y for _, y in aucs], marker="o")
    auc_ax.set_title("federated AUC (round's starting model)")
    auc_ax.set_xlabel("round")
    auc_ax.set_ylabel("AUC")
    auc_ax.set_ylim(0.4, 1.0)
    auc_ax.grid(alpha=0.3)

    datasets = sorted({d for r in reports for d in r.committed} | {p["dataset"] for p in privacy})
    for row, dataset in enumerate(datasets):
        revealed = [r.round for r in reports if dataset in r.revealed]
        dropped = [r.round for r in reports if dataset in r.committed and dataset not in r.revealed]
        part_ax.scatter(revealed, [row] * len(revealed), marker="s", color="tab:green",
                        label="aggregated" if row == 0 else None)
        part_ax.scatter(dropped, [row] * len(dropped), marker="x", color="tab:red",
                        label="committed, not revealed" if row == 0 else None)
    for r in reports:
        if r.outcome != "Aggregated":
            for ax in (auc_ax, part_ax):
                ax.axvspan(r.round - 0.4, r.round + 0.4, color="0.9", zorder=0)
    part_ax.set_yticks(range(len(datasets)), [f"dataset {d}" for d in datasets])
    part_ax.set_xticks(rounds)
    part_ax.set_title("per-clinic participation (grey: round failed, run again)")
    part_ax.set_xlabel("round")
    if datasets:
        part_ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2, fontsize=8)

    for entry in privacy:
        series = entry["rho_by_round"]
        rho_ax.plot(range(1, len(series) + 1), series, marker=".",
                    label=f"dataset {entry['dataset']}: rho {entry['task_rho']:.3f}, "
                          f"eps {entry['task_epsilon']:.2f} at delta {entry['delta']:g}")
    rho_ax.set_title("privacy spent on this task (zCDP rho)")
    rho_ax.set_xlabel("round")
    rho_ax.set_ylabel("rho, cumulative")
    rho_ax.grid(alpha=0.3)
    if privacy:
        rho_ax.legend(fontsize=7)

    if title:
        fig.suptitle(title)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
