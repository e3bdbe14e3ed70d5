"""The Merkle tree hash of RFC 6962 / RFC 9162 (section 2.1.1), over audit event hashes.

leaf = SHA-256(0x00 || event hash), node = SHA-256(0x01 || left || right), and a tree of n
leaves splits at the largest power of two below n. Written here rather than taken from
`pymerkle` (7.0 installs and computes the same roots and RFC 9162 consistency proofs; the
tests check our roots against it): pymerkle keeps its leaves in its own storage (memory or
its own SQLite file), while ours are rows of the app's database, read in its transaction,
and all the log needs is the root of the first `size` leaves, a few lines.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def leaf_hash(event_hash: str) -> bytes:
    """The leaf of one event: its chain hash (hex) behind the 0x00 prefix."""
    return hashlib.sha256(b"\x00" + bytes.fromhex(event_hash)).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def root(leaves: Iterable[bytes]) -> bytes:
    """MTH of the leaves in order, in one pass with a stack of perfect subtrees.

    The stack holds the roots of the perfect subtrees of the leaves so far (largest first);
    folding it right to left at the end gives RFC 6962's split at the largest power of two.
    """
    stack: list[tuple[int, bytes]] = []  # (subtree size, root)
    for leaf in leaves:
        size, node = 1, leaf
        while stack and stack[-1][0] == size:
            left_size, left = stack.pop()
            size, node = left_size + size, node_hash(left, node)
        stack.append((size, node))
    if not stack:
        return hashlib.sha256(b"").digest()
    node = stack[-1][1]
    for _size, left in reversed(stack[:-1]):
        node = node_hash(left, node)
    return node
