"""Accounts that sign: sr25519 keypairs from a secret URI, a seed or a node's keystore file.

The derivation is Substrate's (`sp_core::sr25519::Pair::from_string`): a BIP-39 phrase (or a
32-byte hex seed) turned into a mini secret, then hard (`//name`) and soft (`/name`) junctions,
with `///password` as the phrase's password. `//Alice` is the development phrase with the
junction `//Alice`, as in every Substrate tool. The cryptography is schnorrkel's and
tiny-bip39's, through their maintained Python bindings; nothing here is hand-written crypto.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import bip39
import sr25519

from scalecodec.utils.ss58 import ss58_encode

#: The phrase behind `//Alice` and the other well-known development accounts.
DEV_PHRASE = "bottom drive obey lake curtain smoke basket hold race lonely fit walk"
#: The signature scheme id of sr25519 in a `MultiSignature` (`polkadot-sdk`'s order).
SR25519 = 1
_JUNCTION = re.compile(r"/(/?)([^/]+)")


def compact_length(n: int) -> bytes:
    """SCALE's compact encoding of a length (the prefix of a SCALE string or vector)."""
    if n < 1 << 6:
        return bytes([n << 2])
    if n < 1 << 14:
        return ((n << 2) | 1).to_bytes(2, "little")
    if n < 1 << 30:
        return ((n << 2) | 2).to_bytes(4, "little")
    raw = n.to_bytes((n.bit_length() + 7) // 8, "little")
    return bytes([((len(raw) - 4) << 2) | 3]) + raw


def _chain_code(junction: str) -> bytes:
    """A junction's 32-byte chain code: a number as u64 little endian, otherwise the SCALE
    string (compact length and bytes), blake2b-256-hashed if longer than 32 bytes."""
    if junction.isdigit():
        encoded = int(junction).to_bytes(8, "little")
    else:
        raw = junction.encode()
        encoded = compact_length(len(raw)) + raw
    if len(encoded) > 32:
        return hashlib.blake2b(encoded, digest_size=32).digest()
    return encoded.ljust(32, b"\0")


@dataclass(frozen=True)
class Keypair:
    """An sr25519 keypair: what the chain's accounts sign with.

    It meets `async_substrate_interface`'s `Keypair` protocol (`crypto_type`, `public_key`,
    `ss58_address`, `ss58_format`, `sign`), so the client signs extrinsics with it directly.
    """

    public_key: bytes
    secret_key: bytes
    ss58_format: int = 42

    crypto_type = SR25519

    @classmethod
    def from_uri(cls, uri: str, ss58_format: int = 42) -> "Keypair":
        """From a secret URI: `//Alice`, `<phrase>//hard/soft///password`, or `0x<seed>//...`."""
        phrase, _, password = uri.partition("///")
        start = phrase.find("/")
        root, path = (phrase, "") if start < 0 else (phrase[:start], phrase[start:])
        root = root.strip() or DEV_PHRASE
        if root.startswith("0x"):
            seed = bytes.fromhex(root[2:])
            if len(seed) != 32:
                raise ValueError("a hex seed has 32 bytes")
        else:
            if not bip39.bip39_validate(root):
                raise ValueError("not a valid BIP-39 phrase")
            seed = bytes(bip39.bip39_to_mini_secret(root, password))
        public, secret = sr25519.pair_from_seed(seed)
        for hard, name in _JUNCTION.findall(path):
            derive = sr25519.hard_derive_keypair if hard else sr25519.derive_keypair
            _, public, secret = derive((_chain_code(name), public, secret), b"")
        return cls(bytes(public), bytes(secret), ss58_format)

    @classmethod
    def from_seed(cls, seed: bytes | str, ss58_format: int = 42) -> "Keypair":
        """From a 32-byte seed (bytes or `0x` hex)."""
        if isinstance(seed, str):
            seed = bytes.fromhex(seed.removeprefix("0x"))
        return cls.from_uri("0x" + seed.hex(), ss58_format)

    @classmethod
    def from_keystore_file(cls, path: str | Path, ss58_format: int = 42) -> "Keypair":
        """From a file of a node's keystore (`ivf-node key insert` writes one per key: a JSON
        string holding the secret URI, in a file named by key type and public key)."""
        uri = json.loads(Path(path).read_text())
        if not isinstance(uri, str):
            raise ValueError(f"{path}: not a keystore file (a JSON string)")
        pair = cls.from_uri(uri, ss58_format)
        name = Path(path).name
        if len(name) == 8 + 64 and name[8:] != pair.public_key.hex():
            raise ValueError(f"{path}: the secret does not match the public key in its name")
        return pair

    @property
    def ss58_address(self) -> str:
        return ss58_encode(self.public_key, self.ss58_format)

    def sign(self, data: bytes | bytearray | str) -> bytes:
        if isinstance(data, str):
            data = bytes.fromhex(data.removeprefix("0x")) if data.startswith("0x") else data.encode()
        data = bytes(data)
        return bytes(sr25519.sign((self.public_key, self.secret_key), data))

    def verify(self, data: bytes, signature: bytes) -> bool:
        return bool(sr25519.verify(signature, data, self.public_key))

    def __repr__(self) -> str:  # never the secret
        return f"Keypair({self.ss58_address})"
