"""What the chain refuses, as Python exceptions that carry its own words."""

from __future__ import annotations


class ChainError(Exception):
    """The chain refused a call.

    `module` and `name` are the pallet and the error as the runtime names them (for example
    `dataAccess` and `AncestryResearchNotCovered`, as polkadot-js shows them); `docs` is the
    error's documentation from the runtime's metadata, which says what to fix.
    """

    def __init__(self, module: str, name: str, docs: str = "", *, call: str = ""):
        self.module = module
        self.name = name
        self.docs = docs
        self.call = call
        where = f"{call}: " if call else ""
        super().__init__(f"{where}{module}.{name}" + (f": {docs}" if docs else ""))


class TransactionRefused(ChainError):
    """The node's transaction pool refused the transaction before any block held it (for
    example a stranger's account, or a bad signature): `name` is the pool's reason."""

    def __init__(self, reason: str, *, call: str = ""):
        super().__init__("pool", reason, call=call)
