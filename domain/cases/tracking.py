"""Public tracking ids and secret reporter keys.

Tracking ids are short enough to read aloud and type in an SMS: 8 symbols from a 30-letter
alphabet without look-alikes (no 0/O, 1/I/L, U), shown as `ABCD-2345`, ~39 bits, random and
non-sequential. They open only the public view. The reporter key (128 bits) authorises the
reporter's own actions; only its SHA-256 is stored (a random 128-bit secret needs no slow KDF).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8


def new_tracking_id() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize_tracking_id(raw: str) -> str | None:
    """Accept what people type: lower case, dashes and spaces (the alphabet has no look-alikes)."""
    text = raw.strip().upper().replace("-", "").replace(" ", "")
    if len(text) != LENGTH or any(ch not in ALPHABET for ch in text):
        return None
    return text


def display_tracking_id(tracking_id: str) -> str:
    return f"{tracking_id[:4]}-{tracking_id[4:]}"


def new_reporter_key() -> str:
    return secrets.token_urlsafe(16)  # 128 bits


def hash_reporter_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def reporter_key_matches(key: str | None, stored_hash: str) -> bool:
    if not key:
        return False
    return hmac.compare_digest(hash_reporter_key(key.strip()), stored_hash)
