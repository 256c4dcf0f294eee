"""Certificate numbers: unguessable, printable, checkable for typos.

A number is 19 random characters from Crockford's base32 alphabet (95 bits, so the number
space cannot be enumerated) followed by one Luhn mod 32 check character, which catches a
mistyped character or two swapped neighbours before any database look-up. Input is read
leniently: lower case, spaces and hyphens are accepted, and the letters I, L, O are read as
1, 1, 0 as Crockford's alphabet prescribes.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_LENIENT = str.maketrans({"I": "1", "L": "1", "O": "0"})
RANDOM_LENGTH = 19
LENGTH = RANDOM_LENGTH + 1


def check_char(body: str) -> str:
    """Luhn mod N over the alphabet: detects any single substitution and most transpositions."""
    n = len(ALPHABET)
    total = 0
    factor = 2
    for ch in reversed(body):
        addend = factor * _VALUE[ch]
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return ALPHABET[(n - total % n) % n]


def new_number() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + check_char(body)


def normalize_number(raw: str | None) -> str:
    if not raw:
        return ""
    return "".join(ch for ch in str(raw).upper() if ch not in " -\u3000\t").translate(_LENIENT)


def is_well_formed(number: str) -> bool:
    """A normalised number of the right length and alphabet whose check character matches."""
    return (
        len(number) == LENGTH and all(ch in _VALUE for ch in number) and check_char(number[:-1]) == number[-1]
    )


def grouped(number: str) -> str:
    """For print: ABCDE-FGHJK-MNPQR-STVWX, easier to read aloud and type."""
    return "-".join(number[i : i + 5] for i in range(0, len(number), 5))
