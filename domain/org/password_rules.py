"""What a new password must be, as field codes the pages word in both languages.

Length is what protects an argon2id hash; the other rules refuse what a guesser tries first:
the username, one repeated character, and the passwords every breach list starts with.
There is no composition rule (a digit, a capital): it makes passwords harder to remember and
no harder to guess (NIST SP 800-63B, 5.1.1.2).
"""

from __future__ import annotations

from domain.text import has_control_chars

PASSWORD_MIN = 10
PASSWORD_MAX = 1024  # argon2 hashes any length; this stops a megabyte body costing CPU
# The start of every leaked-password list (and the demo password), compared case-folded.
COMMON = frozenset({
    "1234567890", "12345678910", "0123456789", "1234567890a", "qwertyuiop", "asdfghjkl;",
    "password12", "password123", "password1234", "passw0rd123", "iloveyou12", "aduan-demo",
    "aduan12345", "bismillah1", "indonesia1", "indonesia123", "jakarta123", "katasandi1",
    "sayangku12", "1q2w3e4r5t", "qwerty1234", "abcdefghij", "abc1234567", "admin12345",
})


def password_problem(password: str, *, username: str | None = None) -> str | None:
    """The first rule `password` breaks (a field code of wording/errors), or None."""
    if len(password) < PASSWORD_MIN:
        return "password_length"
    if len(password) > PASSWORD_MAX:
        return "password_too_long"
    if has_control_chars(password):
        return "control_characters"
    folded = password.casefold()
    if username and username.casefold() in folded:
        return "password_has_username"
    if len(set(folded)) < 3:
        return "password_repetitive"
    if folded in COMMON:
        return "password_common"
    return None
