"""The checkpoint signing key (Ed25519), kept outside the database.

`ADUAN_AUDIT_SIGNING_KEY` is either the raw 32-byte private key in base64 or the path of a
PEM file (PKCS#8). Whoever holds only the public key can check every checkpoint.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


def load_private_key(value: str) -> Ed25519PrivateKey:
    """The key from its setting: base64 of the raw 32 bytes, or a PEM file's path."""
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) == 32:
        return Ed25519PrivateKey.from_private_bytes(raw)
    key = serialization.load_pem_private_key(Path(value).read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("ADUAN_AUDIT_SIGNING_KEY is not an Ed25519 key")
    return key


def public_key_text(key: Ed25519PublicKey) -> str:
    """The public key as base64 of its raw 32 bytes (what exports and checks carry)."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def public_key_from_text(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(text))


def signature_valid(public: Ed25519PublicKey, signature: str, message: bytes) -> bool:
    try:
        public.verify(base64.b64decode(signature), message)
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def sign(key: Ed25519PrivateKey, message: bytes) -> str:
    return base64.b64encode(key.sign(message)).decode()


def new_key_text() -> str:
    """A fresh private key as base64 (the run script's development key)."""
    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
        serialization.NoEncryption())
    return base64.b64encode(raw).decode()


def new_key_pem() -> str:
    """A fresh private key as PKCS#8 PEM (the file the run script keeps in ADUAN_DATA_DIR)."""
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()).decode()
