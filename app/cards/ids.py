"""Card identifiers: generation, the check character, normalisation and scan parsing.

New IDs look like ``KK-7F3K-9Q2MX``: the prefix, eight random characters (40 bits) and a check
character, over a 32-character alphabet without the look-alikes I, L, O and U. Every character is
one Code 39 carries as itself.

The check character is Damm's algorithm over GF(32) with the operation x*y = A(x + y), A not 0
or 1: a totally anti-symmetric quasigroup with a zero diagonal, so it catches every single
substitution and every adjacent transposition, the check character included. (ISO/IEC 7064's
hybrid MOD 33,32 was tried first: it misses one adjacent transposition for each of its 32 states.)
"""
import re
import secrets
from dataclasses import dataclass
from urllib.parse import unquote

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
VALUE = {c: i for i, c in enumerate(ALPHABET)}
M = len(ALPHABET)
PREFIX = "KK"
BODY_LEN = 8
KEY_LEN = len(PREFIX) + BODY_LEN + 1
LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
MAX_RAW = 300


GF32_POLY = 0b100101  # x^5 + x^2 + 1, irreducible over GF(2)
A = 2


def gf32_mul(x: int, y: int) -> int:
    product = 0
    while y:
        if y & 1:
            product ^= x
        y >>= 1
        x <<= 1
        if x & 0b100000:
            x ^= GF32_POLY
    return product


DAMM = [[gf32_mul(A, x ^ y) for y in range(M)] for x in range(M)]


def _damm(text: str) -> int:
    interim = 0
    for c in text:
        interim = DAMM[interim][VALUE[c]]
    return interim


def check_char(body: str) -> str:
    """The character that brings the Damm interim value of `body` + it to zero."""
    interim = _damm(body)
    return next(c for c in ALPHABET if DAMM[interim][VALUE[c]] == 0)


def is_valid_body(body: str) -> bool:
    """True when the last character is the right check character for the rest."""
    return len(body) == BODY_LEN + 1 and all(c in VALUE for c in body) and _damm(body) == 0


def format_key(key: str) -> str:
    """``KK7F3K9Q2MX`` -> ``KK-7F3K-9Q2MX`` (the printed form)."""
    body = key[len(PREFIX):]
    return f"{PREFIX}-{body[:4]}-{body[4:]}"


def generate() -> str:
    """A new printed-form ID with 40 random bits and its check character."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LEN))
    return format_key(PREFIX + body + check_char(body))


def legacy_key(text: str) -> str:
    """Legacy IDs match ignoring case, spaces and dashes."""
    return re.sub(r"[\s\-]+", "", text).upper()


@dataclass(frozen=True)
class Scan:
    """What a scanned or typed string says about a card.

    `legacy` is the key to try first (an existing legacy ID always wins); `key` is the
    new-format key when the string is one with a correct check character; `malformed` is set
    when it has the new format's length and alphabet but a wrong check character, or is empty.
    """

    raw: str
    legacy: str
    key: str | None
    malformed: bool


def extract_id(raw: str) -> str:
    """The ID part of a scan: a QR URL ending in ``/c/<ID>`` or the bare ID."""
    text = raw.strip()
    marker = text.rfind("/c/")
    if marker >= 0:
        text = text[marker + 3:]
        text = re.split(r"[?#/]", text, maxsplit=1)[0]
        text = unquote(text)
    return text


def parse_scan(raw: str) -> Scan:
    raw = (raw or "")[:MAX_RAW]
    text = extract_id(raw)
    legacy = legacy_key(text)
    if not legacy or len(legacy) > 40 or not legacy.isprintable():
        return Scan(raw=raw, legacy=legacy[:40], key=None, malformed=True)
    body = legacy.translate(LOOK_ALIKES)
    if len(body) == KEY_LEN and body.startswith(PREFIX):
        body = body[len(PREFIX):]
    if len(body) == BODY_LEN + 1 and all(c in VALUE for c in body):
        if is_valid_body(body):
            return Scan(raw=raw, legacy=legacy, key=PREFIX + body, malformed=False)
        return Scan(raw=raw, legacy=legacy, key=None, malformed=True)
    return Scan(raw=raw, legacy=legacy, key=None, malformed=False)
