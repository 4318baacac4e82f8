// Reads a scanned or typed string the way the server does, so that a misread Code 39 or a
// mistyped number is caught before any request. The server still decides everything else.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const PREFIX = "KK";
const BODY_LENGTH = 8;

// Damm's algorithm over GF(32), x*y = 2(x + y), as app/cards/ids.py check_char.
const GF32_POLY = 0b100101;

function gf32Mul(x, y) {
  let product = 0;
  while (y) {
    if (y & 1) product ^= x;
    y >>= 1;
    x <<= 1;
    if (x & 0b100000) x ^= GF32_POLY;
  }
  return product;
}

function damm(text) {
  let interim = 0;
  for (const char of text) interim = gf32Mul(2, interim ^ ALPHABET.indexOf(char));
  return interim;
}

export function checkChar(body) {
  const interim = damm(body);
  return [...ALPHABET].find((char) => gf32Mul(2, interim ^ ALPHABET.indexOf(char)) === 0);
}

// The ID part of a scan: a QR URL ending in /c/<ID>, or the text itself.
export function extractId(raw) {
  const text = raw.trim();
  const marker = text.lastIndexOf("/c/");
  if (marker < 0) return text;
  const part = text.slice(marker + 3).split(/[?#/]/)[0];
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

// {kind: "card", id} for a new-format ID with the right check character; {kind: "misread"} for the
// new format with a wrong one; {kind: "other", id} for anything else (maybe a legacy ID); "empty".
export function readCardId(raw) {
  const text = extractId(raw);
  const compact = text.replace(/[\s-]+/g, "").toUpperCase();
  if (!compact) return { kind: "empty" };
  let body = compact.replace(/O/g, "0").replace(/[IL]/g, "1");
  if (body.length === PREFIX.length + BODY_LENGTH + 1 && body.startsWith(PREFIX)) body = body.slice(PREFIX.length);
  if (body.length === BODY_LENGTH + 1 && [...body].every((char) => ALPHABET.includes(char))) {
    if (checkChar(body.slice(0, BODY_LENGTH)) !== body[BODY_LENGTH]) return { kind: "misread" };
    return { kind: "card", id: `${PREFIX}-${body.slice(0, 4)}-${body.slice(4)}` };
  }
  return { kind: "other", id: text };
}
