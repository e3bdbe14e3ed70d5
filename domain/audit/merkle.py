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


def _split(n: int) -> int:
    """The largest power of two below n (n > 1): where RFC 6962 splits a tree."""
    return 1 << ((n - 1).bit_length() - 1)


def consistency_proof(leaves: list[bytes], m: int) -> list[bytes]:
    """RFC 9162 2.1.4.1 PROOF(m, D[n]): shows the first m leaves' tree is a prefix of this one."""
    if not 0 < m <= len(leaves):
        raise ValueError("a consistency proof needs 0 < m <= n")
    return _subproof(m, leaves, True) if m < len(leaves) else []


def _subproof(m: int, leaves: list[bytes], complete: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if complete else [root(leaves)]
    k = _split(n)
    if m <= k:
        return [*_subproof(m, leaves[:k], complete), root(leaves[k:])]
    return [*_subproof(m - k, leaves[k:], False), root(leaves[:k])]


def verify_consistency(m: int, n: int, old_root: bytes, new_root: bytes,
                       proof: list[bytes]) -> bool:
    """RFC 9162 2.1.4.2: whether `proof` shows the tree of m leaves is a prefix of n leaves."""
    if not 0 < m <= n:
        return False
    if m == n:
        return not proof and old_root == new_root
    if m & (m - 1) == 0:  # m is a power of two: the old root is a node of the new tree
        proof = [old_root, *proof]
    if not proof:
        return False
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == old_root and sr == new_root


def inclusion_proof(leaves: list[bytes], index: int) -> list[bytes]:
    """RFC 9162 2.1.3.1 PATH(m, D[n]): the siblings from leaf `index` up to the root."""
    if not 0 <= index < len(leaves):
        raise ValueError("an inclusion proof needs 0 <= index < n")
    if len(leaves) == 1:
        return []
    k = _split(len(leaves))
    if index < k:
        return [*inclusion_proof(leaves[:k], index), root(leaves[k:])]
    return [*inclusion_proof(leaves[k:], index - k), root(leaves[:k])]


def verify_inclusion(index: int, size: int, leaf: bytes, root_hash: bytes,
                     proof: list[bytes]) -> bool:
    """RFC 9162 2.1.3.2: whether `proof` puts `leaf` at `index` of the tree with `root_hash`."""
    if not 0 <= index < size:
        return False
    fn, sn, node = index, size - 1, leaf
    for sibling in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            node = node_hash(sibling, node)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            node = node_hash(node, sibling)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and node == root_hash
