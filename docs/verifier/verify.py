#!/usr/bin/env python3
"""ClaimLedger reference verifier: a second, independent implementation of
docs/history-verification.md in Python 3 (3.8 or newer), standard library only.

    python3 verify.py history.ndjson [--filtered] [--since heads.json | --since-export earlier.ndjson]
                      [--expect-digest HEX] [--checkpoint log.ndjson --public-key key.json]
                      [--heads-out FILE] [--quiet]
    python3 verify.py --checkpoints log.ndjson [later-log.ndjson] --public-key key.json

--public-key is the key you trust that signed the log's first checkpoint; later keys are followed
through the log's rotation checkpoints, each signed by the key before it.

It prints and exits exactly as the specification says (0 verified, 1 a check failed, 2 a usage
error or unreadable file), so its results can be compared with `npm run verify` line for line:
docs/verification-vectors/run.py does that for every test vector. It was written from the
specification, not from the TypeScript code; where the two disagree, the specification decides.
"""

import argparse
import hashlib
import json
import os
import re
import sys

# ---------------------------------------------------------------------------------------------
# RFC 8785 (JSON Canonicalization Scheme)


class NotCanonical(Exception):
    """The value has no RFC 8785 form (a lone surrogate, a number beyond a double)."""


def _es_number(x):
    """A number as ECMAScript's Number.prototype.toString prints it (RFC 8785, section 3.2.2.3)."""
    if isinstance(x, int):
        try:
            x = float(x)  # JSON numbers are IEEE 754 doubles to an ECMAScript parser
        except OverflowError:
            raise NotCanonical()
    if x != x or x in (float("inf"), float("-inf")):
        raise NotCanonical()
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    text = repr(abs(x))  # the shortest digits that round-trip, as ECMAScript requires
    mantissa, _, exponent = text.partition("e")
    whole, _, fraction = mantissa.partition(".")
    if fraction == "0":
        fraction = ""
    all_digits = whole + fraction
    significant = all_digits.lstrip("0")
    n = len(whole) + int(exponent or 0) - (len(all_digits) - len(significant))
    digits = significant.rstrip("0")
    k = len(digits)
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    exp = ("+" if e >= 0 else "-") + str(abs(e))
    return sign + digits + "e" + exp if k == 1 else sign + digits[0] + "." + digits[1:] + "e" + exp


_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _es_string(s):
    out = ['"']
    for c in s:
        o = ord(c)
        if 0xD800 <= o <= 0xDFFF:
            raise NotCanonical()  # a lone surrogate: RFC 8785 has no form for it
        if c in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[c])
        elif o < 0x20:
            out.append("\\u%04x" % o)
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def canonical(value):
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _es_string(value)
    if isinstance(value, (int, float)):
        return _es_number(value)
    if isinstance(value, list):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, dict):
        # Keys sorted by their UTF-16 code units.
        keys = sorted(value, key=lambda k: k.encode("utf-16-be", "surrogatepass"))
        return "{" + ",".join(_es_string(k) + ":" + canonical(value[k]) for k in keys) + "}"
    raise TypeError(type(value))


def _no_constants(name):
    raise ValueError("not JSON: " + name)


def parse_json(text):
    """Strict JSON (RFC 8259): NaN and Infinity are not JSON."""
    return json.loads(text, parse_constant=_no_constants)


# ---------------------------------------------------------------------------------------------
# One line of a verified file: framing, UTF-8, JSON object, canonical form, fields


class Problem(Exception):
    def __init__(self, reason, message, chain=None, seq=None):
        super().__init__(message)
        self.reason, self.message, self.chain, self.seq = reason, message, chain, seq


def read_line(raw, first, terminated):
    if first and raw.startswith(b"\xef\xbb\xbf"):
        raise Problem("BOM", "the file starts with a byte-order mark (EF BB BF)")
    if raw == b"":
        raise Problem("BLANK_LINE", "the line is empty")
    if raw.endswith(b"\r"):
        raise Problem("CRLF", "the line ends with a carriage return (CRLF line endings): lines end with LF only")
    if not terminated:
        raise Problem("TRUNCATED", "the file ends in the middle of this line (no final LF): the download was cut off")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Problem("NOT_JSON", "the line is not valid UTF-8")
    try:
        value = parse_json(text)
    except (ValueError, RecursionError):
        raise Problem("NOT_JSON", "the line is not valid JSON")
    if not isinstance(value, dict):
        raise Problem("NOT_JSON", "the line is not a JSON object")
    try:
        same = canonical(value) == text
    except NotCanonical:
        same = False
    if not same:
        raise Problem("NOT_CANONICAL", "the line is not in RFC 8785 canonical form: it was edited")
    return value


def check_fields(record, rules, optional=()):
    """rules: [(name, check)] in the specification's order; check returns None or what is wrong."""
    names = [name for name, _ in rules]
    missing = [n for n in names if n not in record and n not in optional]
    if missing:
        raise Problem("MISSING_FIELD", "missing " + ", ".join(missing))
    for key in sorted(record, key=lambda k: k.encode("utf-16-be", "surrogatepass")):
        if key not in names:
            raise Problem("UNKNOWN_FIELD", "unknown field %s: records carry exactly the specified fields" % json.dumps(key))
    for name, check in rules:
        if name in record:
            wrong = check(record[name], record)
            if wrong:
                raise Problem("BAD_FIELD", "%s: %s" % (name, wrong))


HEX64 = re.compile(r"[0-9a-f]{64}")
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
INSTANT = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})\.[0-9]{3}Z")
INT32_MAX = 2**31 - 1
SAFE_MAX = 2**53 - 1


def is_int(v, lo, hi):
    return type(v) is int and lo <= v <= hi


def integer(lo, hi=SAFE_MAX):
    return lambda v, r: None if is_int(v, lo, hi) else "must be an integer from %d to %d" % (lo, hi)


def hex64(v, r=None):
    return None if isinstance(v, str) and HEX64.fullmatch(v) else "must be 64 lowercase hexadecimal digits"


def previous_hash(v, r):
    if r.get("seq") == 1 and type(r.get("seq")) is int:
        return None if v is None else "must be null when seq is 1"
    return None if hex64(v) is None else "must be 64 lowercase hexadecimal digits when seq is above 1"


def instant(v, r=None):
    m = INSTANT.fullmatch(v) if isinstance(v, str) else None
    if not m:
        return "must be an instant like 2018-09-28T09:15:00.000Z (UTC, three decimals)"
    year, month, day, hour, minute, second = (int(g) for g in m.groups())
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    real = year >= 1 and 1 <= month <= 12 and 1 <= day <= days[month - 1] and hour <= 23 and minute <= 59 and second <= 59
    return None if real else "%s is not a real date and time" % v


# ---------------------------------------------------------------------------------------------
# History events


CHAIN_KINDS = {"claim": ["CLAIM", "EVIDENCE", "DISPUTE"], "actor": ["ACTOR"], "source": ["SOURCE"], "user": ["USER"], "api_key": ["API_KEY"]}
ENTITY_TYPES = [t for types in CHAIN_KINDS.values() for t in types]
CHAIN = re.compile(r"(claim|actor|source|user|api_key):(" + UUID + ")")


def _uuid(v, r=None):
    return None if isinstance(v, str) and re.fullmatch(UUID, v) else "must be a lowercase UUID"


def _or_null(rule):
    return lambda v, r: None if v is None else rule(v, r)


def _changes(v, r):
    if not isinstance(v, dict):
        return "must be a JSON object"
    ok = all(isinstance(c, dict) and sorted(c) == ["from", "to"] for c in v.values())
    return None if ok else 'each changed field must be an object with exactly "from" and "to"'


EVENT_RULES = [
    ("chain", lambda v, r: None if isinstance(v, str) and CHAIN.fullmatch(v) else "must be <kind>:<lowercase UUID>"),
    ("seq", integer(1, INT32_MAX)),
    ("position", integer(1)),
    ("prevHash", previous_hash),
    ("version", integer(1, INT32_MAX)),
    ("claimId", _or_null(_uuid)),
    ("entityType", lambda v, r: None if isinstance(v, str) and v in ENTITY_TYPES else "must be one of " + ", ".join(ENTITY_TYPES)),
    ("entityId", _uuid),
    ("action", lambda v, r: None if isinstance(v, str) and re.fullmatch(r"[A-Za-z]+", v) else "must be letters only"),
    ("userId", _or_null(_uuid)),
    ("userLabel", lambda v, r: None if isinstance(v, str) and len(v) > 0 else "must be a non-empty string"),
    ("occurredAt", instant),
    ("changes", _changes),
    ("note", _or_null(lambda v, r: None if isinstance(v, str) else "must be a string")),
    ("state", lambda v, r: None if isinstance(v, dict) else "must be a JSON object"),
    ("hash", hex64),
]
EVENT_RULE = dict(EVENT_RULES)
HASHED = [name for name, _ in EVENT_RULES if name != "hash"]


def sha256_hex(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def event_hash(e):
    """SHA-256 of the RFC 8785 form of every field but hash (position only when the event has one)."""
    return sha256_hex(canonical({k: e[k] for k in HASHED if k in e}))


def chain_mismatch(e):
    kind, cid = CHAIN.fullmatch(e["chain"]).groups()
    if e["entityType"] not in CHAIN_KINDS[kind]:
        return "a %s chain holds no %s events" % (kind, e["entityType"])
    if kind == "claim":
        if e["claimId"] != cid:
            return "claimId is not the claim of chain " + e["chain"]
        if e["entityType"] == "CLAIM" and e["entityId"] != cid:
            return "a CLAIM event must be about the chain's claim"
        return None
    if e["claimId"] is not None:
        return "claimId must be null outside claim chains"
    return None if e["entityId"] == cid else "entityId is not the %s of chain %s" % (kind, e["chain"])


def heads_digest(heads):
    """heads: {chain: (seq, hash)}. SHA-256 of "chain seq hash\\n" lines sorted by chain."""
    text = "".join("%s %d %s\n" % (c, heads[c][0], heads[c][1]) for c in sorted(heads))
    return sha256_hex(text)


class ExportVerifier:
    def __init__(self, filtered=False, since=None, checkpoints=()):
        self.filtered = filtered
        self.heads = {}
        self.partial = set()
        self.watched = dict(since or {})
        self.confirmed = set()
        self.checkpoints = sorted(checkpoints, key=lambda c: c["position"])
        self.matched = []
        self.line = 0
        self.events = 0
        self.legacy = 0
        self.last_position = None
        self.last_occurred = None
        self._check_checkpoints()

    def add(self, raw, terminated, earlier=None):
        """raw: the line's bytes without LF. earlier: (bytes, chain, seq) of the earlier export's line."""
        self.line += 1
        record = read_line(raw, self.line == 1, terminated)
        legacy = "position" not in record and self.last_position is None
        try:
            check_fields(record, EVENT_RULES, ("position",) if legacy else ())
        except Problem as p:
            chain = record.get("chain") if EVENT_RULE["chain"](record.get("chain"), record) is None else None
            seq = record.get("seq") if EVENT_RULE["seq"](record.get("seq"), record) is None else None
            raise Problem(p.reason, p.message, chain, seq)
        e = record
        chain, seq = e["chain"], e["seq"]
        wrong = chain_mismatch(e)
        if wrong:
            raise Problem("CHAIN_MISMATCH", wrong, chain, seq)
        if "position" in e:
            if not self.filtered and e["position"] != self.line:
                raise Problem("POSITION_MISMATCH", "line %d holds position %d" % (self.line, e["position"]), chain, seq)
            if self.filtered and self.last_position is not None and e["position"] <= self.last_position:
                raise Problem("POSITION_MISMATCH", "position %d does not come after %d" % (e["position"], self.last_position), chain, seq)
            if self.last_occurred is not None and e["occurredAt"] < self.last_occurred:
                raise Problem("TIME_OUT_OF_ORDER", "occurredAt is before the previous event's", chain, seq)
        prev = self.heads.get(chain)
        partial_start = self.filtered and prev is None and seq > 1
        if not partial_start:
            expected = prev[0] + 1 if prev else 1
            if seq != expected:
                raise Problem("SEQUENCE_GAP", "expected event #%d of %s, found #%d" % (expected, chain, seq), chain, seq)
        if prev and e["prevHash"] != prev[1]:
            raise Problem("PREVIOUS_HASH_MISMATCH", "event #%d does not point to the hash of event #%d" % (seq, prev[0]), chain, seq)
        if event_hash(e) != e["hash"]:
            raise Problem("HASH_MISMATCH", "event #%d was altered" % seq, chain, seq)
        if earlier is not None and raw != earlier[0]:
            raise Problem("REWRITTEN", "this line differs from the earlier export's, which has event #%d of %s" % (earlier[2], earlier[1]), earlier[1], earlier[2])
        kept = self.watched.get(chain)
        if kept and seq == kept[0]:
            if e["hash"] != kept[1]:
                raise Problem("REWRITTEN", "event #%d of %s is not the one the earlier export had" % (seq, chain), chain, seq)
            self.confirmed.add(chain)
        if partial_start:
            self.partial.add(chain)
        if "position" in e:
            self.last_position, self.last_occurred = e["position"], e["occurredAt"]
        else:
            self.legacy += 1
        self.heads[chain] = (seq, e["hash"])
        self.events += 1
        self._check_checkpoints()

    def _check_checkpoints(self):
        while self.checkpoints and self.checkpoints[0]["position"] == self.events:
            cp = self.checkpoints.pop(0)
            digest = heads_digest(self.heads)
            if digest != cp["headsDigest"]:
                raise Problem("CHECKPOINT_MISMATCH", "the heads after line %d hash to %s, but checkpoint #%d signed %s" % (self.line, digest, cp["seq"], cp["headsDigest"]))
            self.matched.append(cp)

    def finish(self, earlier_left=None):
        """earlier_left: (line, chain, seq) of the first line of the earlier export that this one lacks."""
        if earlier_left:
            raise Problem("CUT", "the earlier export goes on at its line %d; this one ends before it" % earlier_left[0], earlier_left[1], earlier_left[2])
        lost = sorted(c for c in self.watched if c not in self.confirmed)
        if lost:
            chain = lost[0]
            raise Problem("CUT", "%s no longer reaches event #%d of the earlier export" % (chain, self.watched[chain][0]), chain, self.watched[chain][0])
        if self.checkpoints:
            cp = self.checkpoints[0]
            raise Problem("CHECKPOINT_AHEAD", "checkpoint #%d covers %d events but this export ends after %d" % (cp["seq"], cp["position"], self.line))


def head_list_problem(value):
    if not isinstance(value, dict) or value.get("format") != "claimledger-heads-v1" or not isinstance(value.get("heads"), list) or not isinstance(value.get("digest"), str):
        return "not a ClaimLedger head list (format claimledger-heads-v1)"
    if len(value) != 3:
        return "a head list has exactly the keys format, digest and heads"
    heads = {}
    for h in value["heads"]:
        ok = (
            isinstance(h, dict)
            and len(h) == 3
            and isinstance(h.get("chain"), str)
            and CHAIN.fullmatch(h["chain"])
            and h["chain"] not in heads
            and is_int(h.get("seq"), 1, INT32_MAX)
            and hex64(h.get("hash")) is None
        )
        if not ok:
            return "the head list has a malformed or repeated entry"
        heads[h["chain"]] = (h["seq"], h["hash"])
    if heads_digest(heads) != value["digest"]:
        return "the head list does not match its own digest: it was edited"
    return None


# ---------------------------------------------------------------------------------------------
# Ed25519 signature verification (RFC 8032, section 5.1.7), after the RFC's own Python code

_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493
_D = -121665 * pow(121666, _P - 2, _P) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)


def _add(a, b):
    A, B = (a[1] - a[0]) * (b[1] - b[0]) % _P, (a[1] + a[0]) * (b[1] + b[0]) % _P
    C, D = 2 * a[3] * b[3] * _D % _P, 2 * a[2] * b[2] % _P
    E, F, G, H = B - A, D - C, D + C, B + A
    return (E * F % _P, G * H % _P, F * G % _P, E * H % _P)


def _mul(s, point):
    q = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            q = _add(q, point)
        point = _add(point, point)
        s >>= 1
    return q


def _equal(a, b):
    return (a[0] * b[2] - b[0] * a[2]) % _P == 0 and (a[1] * b[2] - b[1] * a[2]) % _P == 0


def _recover_x(y, sign):
    if y >= _P:
        return None
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P)
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P != 0:
        x = x * _SQRT_M1 % _P
    if (x * x - x2) % _P != 0:
        return None
    if (x & 1) != sign:
        x = _P - x
    return x


def _decompress(s):
    y = int.from_bytes(s, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % _P)


_GY = 4 * pow(5, _P - 2, _P) % _P
_G = (_recover_x(_GY, 0), _GY, 1, _recover_x(_GY, 0) * _GY % _P)


def ed25519_verify(public, message, signature):
    if len(public) != 32 or len(signature) != 64:
        return False
    a = _decompress(public)
    r = _decompress(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= _L:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % _L
    return _equal(_mul(s, _G), _add(r, _mul(h, a)))


# ---------------------------------------------------------------------------------------------
# Signed checkpoints

CHECKPOINT_FORMAT = "claimledger-checkpoint-v1"
ROTATION_FORMAT = "claimledger-checkpoint-rotation-v1"
FORMATS = (CHECKPOINT_FORMAT, ROTATION_FORMAT)
EMPTY_DIGEST = hashlib.sha256(b"").hexdigest()


def _event_count(v, r):
    return integer(0)(v, r) or (None if v == r.get("position") else "must equal position")


def _heads_digest(v, r):
    return hex64(v) or ("must be the digest of no heads at position 0" if r.get("position") == 0 and v != EMPTY_DIGEST else None)


def _next_key_id(v, r):
    return hex64(v) or ("must differ from keyId" if v == r.get("keyId") else None)


CHECKPOINT_RULES = [
    ("format", lambda v, r: None if isinstance(v, str) and v in FORMATS else "must be %s or %s" % FORMATS),
    ("seq", integer(1, INT32_MAX)),
    ("position", integer(0)),
    ("eventCount", _event_count),
    ("headsDigest", _heads_digest),
    ("recordedAt", instant),
    ("prevHash", previous_hash),
    ("keyId", hex64),
    ("hash", hex64),
    ("signature", lambda v, r: None if isinstance(v, str) and re.fullmatch(r"[0-9a-f]{128}", v) else "must be 128 lowercase hexadecimal digits"),
]
# A rotation checkpoint: signed by the outgoing key (publicKey, which keyId names), it names the
# key that signs from the next checkpoint on.
ROTATION_RULES = CHECKPOINT_RULES + [("publicKey", hex64), ("nextKeyId", _next_key_id), ("nextPublicKey", hex64)]


def rules_of(record):
    return ROTATION_RULES if record.get("format") == ROTATION_FORMAT else CHECKPOINT_RULES


def signed_fields(record):
    return [name for name, _ in rules_of(record) if name not in ("hash", "signature")]


class CheckpointLog:
    """key: the trusted public key (32 bytes) that signed the file's first checkpoint. Each later
    checkpoint must be signed by the previous one's key, or by the key it introduced if it is a
    rotation checkpoint: the chain of keys is followed from the trusted one."""

    def __init__(self, key):
        self.keys = [{"keyId": hashlib.sha256(key).hexdigest(), "publicKey": key, "first": None, "last": None}]
        self.checkpoints, self.line_of, self.line = [], {}, 0

    def add(self, raw, terminated):
        self.line += 1
        record = read_line(raw, self.line == 1, terminated)
        try:
            check_fields(record, rules_of(record))
        except Problem as p:
            seq = record.get("seq") if is_int(record.get("seq"), 1, INT32_MAX) else None
            raise Problem(p.reason, p.message, seq=seq)
        cp, seq = record, record["seq"]
        message = canonical({k: cp[k] for k in signed_fields(cp)})
        if sha256_hex(message) != cp["hash"]:
            raise Problem("HASH_MISMATCH", "checkpoint #%d was altered" % seq, seq=seq)
        key = self.keys[-1]
        prev = self.checkpoints[-1] if self.checkpoints else None
        if cp["keyId"] != key["keyId"]:
            if prev is None:
                why = "names key %s, not the public key given (%s)" % (cp["keyId"], key["keyId"])
            elif prev["format"] == ROTATION_FORMAT:
                why = "is signed by key %s, but #%d handed the log over to key %s: only the key the previous key introduced may sign next" % (cp["keyId"], prev["seq"], key["keyId"])
            else:
                why = "is signed by key %s, but #%d was signed by key %s and introduced no other key" % (cp["keyId"], prev["seq"], key["keyId"])
            raise Problem("UNKNOWN_KEY", "checkpoint #%d %s" % (seq, why), seq=seq)
        if not ed25519_verify(key["publicKey"], message.encode("utf-8"), bytes.fromhex(cp["signature"])):
            raise Problem("BAD_SIGNATURE", "checkpoint #%d's signature is not the key's" % seq, seq=seq)
        if cp["format"] == ROTATION_FORMAT:
            if bytes.fromhex(cp["publicKey"]) != key["publicKey"]:
                raise Problem("KEY_MISMATCH", "rotation checkpoint #%d's publicKey is not the key that signed it" % seq, seq=seq)
            if hashlib.sha256(bytes.fromhex(cp["nextPublicKey"])).hexdigest() != cp["nextKeyId"]:
                raise Problem("KEY_MISMATCH", "rotation checkpoint #%d's nextKeyId is not the SHA-256 of its nextPublicKey" % seq, seq=seq)
        if prev is not None:
            if seq != prev["seq"] + 1:
                raise Problem("SEQUENCE_GAP", "checkpoint #%d follows #%d" % (seq, prev["seq"]), seq=seq)
            if cp["prevHash"] != prev["hash"]:
                raise Problem("PREVIOUS_HASH_MISMATCH", "checkpoint #%d does not point to #%d" % (seq, prev["seq"]), seq=seq)
            if cp["position"] < prev["position"]:
                raise Problem("ROLLED_BACK", "checkpoint #%d covers fewer events than #%d" % (seq, prev["seq"]), seq=seq)
            if cp["recordedAt"] < prev["recordedAt"]:
                raise Problem("TIME_OUT_OF_ORDER", "checkpoint #%d is dated before #%d" % (seq, prev["seq"]), seq=seq)
        self.checkpoints.append(cp)
        self.line_of[seq] = self.line
        if key["first"] is None:
            key["first"] = seq
        key["last"] = seq
        if cp["format"] == ROTATION_FORMAT:
            self.keys.append({"keyId": cp["nextKeyId"], "publicKey": bytes.fromhex(cp["nextPublicKey"]), "first": None, "last": None})

    def signed_by(self):
        """Which keys signed the log, as the OK line says it."""
        signing = [k for k in self.keys if k["first"] is not None]
        handed = "; the last checkpoint hands over to key %s" % self.keys[-1]["keyId"] if len(self.keys) > len(signing) else ""
        if len(signing) == 1:
            return "signed by key %s%s" % (signing[0]["keyId"], handed)
        each = ", then ".join("%s (#%d to #%d)" % (k["keyId"], k["first"], k["last"]) for k in signing)
        return "signed by key %s, each introduced by the key before it%s" % (each, handed)

    def finish(self):
        if not self.checkpoints:
            self.line = None
            raise Problem("NO_CHECKPOINT", "the file holds no checkpoint")


def extension_problem(earlier, later):
    """Returns (line, seq, reason, message) when `later` does not extend `earlier`."""
    kept = {c["seq"]: c for c in earlier.checkpoints}
    for c in later.checkpoints:
        e = kept.get(c["seq"])
        if e and e["hash"] != c["hash"]:
            return later.line_of[c["seq"]], c["seq"], "FORK", "checkpoint #%d differs from the earlier log's" % c["seq"]
    last_e, first_l, last_l = earlier.checkpoints[-1], later.checkpoints[0], later.checkpoints[-1]
    if last_l["seq"] < last_e["seq"]:
        return None, last_l["seq"], "ROLLED_BACK", "the log ends at #%d, before #%d of the earlier log" % (last_l["seq"], last_e["seq"])
    if first_l["seq"] > last_e["seq"] + 1:
        return 1, first_l["seq"], "UNLINKED", "the log starts at #%d, after a gap from #%d" % (first_l["seq"], last_e["seq"])
    if first_l["seq"] == last_e["seq"] + 1 and first_l["prevHash"] != last_e["hash"]:
        return 1, first_l["seq"], "FORK", "checkpoint #%d does not follow #%d of the earlier log" % (first_l["seq"], last_e["seq"])
    return None


# ---------------------------------------------------------------------------------------------
# The command


class Usage(Exception):
    pass


class Failed(Exception):
    pass


def lines_of(path):
    with open(path, "rb") as f:
        for raw in f:  # binary files split at LF only
            if raw.endswith(b"\n"):
                yield raw[:-1], True
            else:
                yield raw, False


def fail_line(path, line, subject, reason, message):
    where = " end of file" if line is None else " line %d" % line
    return "FAIL %s%s%s: %s — %s" % (path, where, " (%s)" % subject if subject else "", reason, message)


def event_subject(p):
    if p.chain is None:
        return None
    return p.chain + ("" if p.seq is None else " #%d" % p.seq)


def readable(path, option):
    if not os.path.isfile(path) or not os.access(path, os.R_OK):
        raise Usage("%s: cannot read %s" % (option, path))
    return path


def load_key(path):
    try:
        with open(readable(path, "--public-key"), encoding="utf-8") as f:
            value = parse_json(f.read())
    except ValueError:
        raise Usage("--public-key: %s is not JSON" % path)
    if not isinstance(value, dict) or value.get("algorithm") != "Ed25519" or not isinstance(value.get("publicKey"), str) or not re.fullmatch(r"[0-9a-f]{64}", value["publicKey"]):
        raise Usage("--public-key: %s is not an Ed25519 public key as /checkpoints/public-key serves it" % path)
    key = bytes.fromhex(value["publicKey"])
    if value.get("keyId") != hashlib.sha256(key).hexdigest():
        raise Usage("--public-key: its keyId is not the SHA-256 of its publicKey")
    return key


def check_log(path, key):
    log = CheckpointLog(key)
    try:
        for raw, terminated in lines_of(path):
            log.add(raw, terminated)
        log.finish()
    except Problem as p:
        raise Failed(fail_line(path, log.line, "checkpoint #%d" % p.seq if p.seq is not None else None, p.reason, p.message))
    return log


def verify_export(path, filtered=False, since=None, checkpoints=(), earlier_path=None):
    """Verifies an export; with earlier_path, line by line against that earlier (already verified) export."""
    v = ExportVerifier(filtered, since, checkpoints)
    earlier = lines_of(earlier_path) if earlier_path else None
    earlier_line = 0

    def earlier_event():
        nxt = next(earlier, None) if earlier is not None else None
        if nxt is None:
            return None
        e = json.loads(nxt[0].decode("utf-8"))
        return nxt[0], e["chain"], e["seq"]

    try:
        for raw, terminated in lines_of(path):
            before = earlier_event()
            earlier_line += before is not None
            v.add(raw, terminated, before)
    except Problem as p:
        raise Failed(fail_line(path, v.line, event_subject(p), p.reason, p.message))
    left = earlier_event()
    try:
        v.finish((earlier_line + 1, left[1], left[2]) if left else None)
    except Problem as p:
        raise Failed(fail_line(path, None, event_subject(p), p.reason, p.message))
    return v


def load_heads(path, expected):
    try:
        with open(path, encoding="utf-8") as f:
            value = parse_json(f.read())
    except (ValueError, UnicodeDecodeError):
        raise Failed("FAIL %s: HEADS_INVALID — not valid JSON" % path)
    problem = head_list_problem(value)
    if problem:
        raise Failed("FAIL %s: HEADS_INVALID — %s" % (path, problem))
    if expected is not None and value["digest"] != expected:
        raise Failed("FAIL %s: DIGEST_MISMATCH — its digest is %s, not the expected %s" % (path, value["digest"], expected))
    return {h["chain"]: (h["seq"], h["hash"]) for h in value["heads"]}


def run(argv, out, err):
    parser = argparse.ArgumentParser(prog="verify.py", allow_abbrev=False, description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--filtered", action="store_true")
    parser.add_argument("--since")
    parser.add_argument("--since-export")
    parser.add_argument("--expect-digest")
    parser.add_argument("--checkpoint")
    parser.add_argument("--checkpoints", action="store_true")
    parser.add_argument("--public-key")
    parser.add_argument("--heads-out")
    parser.add_argument("--quiet", action="store_true")
    a = parser.parse_args(argv)  # exits 2 on a malformed command line
    key = load_key(a.public_key) if a.public_key else None

    if a.checkpoints:
        if a.since or a.since_export or a.expect_digest or a.checkpoint or a.heads_out or a.filtered:
            raise Usage("--checkpoints takes only log files and --public-key")
        if not 1 <= len(a.files) <= 2:
            raise Usage("--checkpoints takes one log, or an earlier and a later log")
        if key is None:
            raise Usage("--checkpoints needs --public-key")
        logs = [check_log(readable(f, "log"), key) for f in a.files]
        last = logs[-1].checkpoints[-1]
        if len(logs) == 2:
            problem = extension_problem(logs[0], logs[1])
            if problem:
                line, seq, reason, message = problem
                raise Failed(fail_line(a.files[1], line, "checkpoint #%d" % seq, reason, message))
        out("OK %s: checkpoints #%d to #%d verified, %s%s" % (a.files[-1], logs[-1].checkpoints[0]["seq"], last["seq"], logs[-1].signed_by(), "; it extends %s: one history, no fork" % a.files[0] if len(logs) == 2 else ""))
        out("checkpoint %d %s" % (last["seq"], last["hash"]))
        return 0

    if len(a.files) != 1:
        raise Usage("give one export file")
    path = readable(a.files[0], "export")
    expected = a.expect_digest
    if expected is not None and not re.fullmatch(r"[0-9a-f]{64}", expected):
        raise Usage("--expect-digest: a digest is 64 lowercase hexadecimal digits")
    if a.since and a.since_export:
        raise Usage("give --since or --since-export, not both")
    if expected is not None and not (a.since or a.since_export):
        raise Usage("--expect-digest checks the earlier export given with --since or --since-export")
    if a.filtered and (a.since or a.since_export or a.checkpoint):
        raise Usage("--since, --since-export and --checkpoint need an unfiltered export")
    if a.checkpoint and key is None:
        raise Usage("--checkpoint needs --public-key")
    if key is not None and not a.checkpoint:
        raise Usage("--public-key goes with --checkpoint or --checkpoints")

    checkpoints, note = [], ""
    if a.checkpoint:
        log = check_log(readable(a.checkpoint, "--checkpoint"), key)
        checkpoints = log.checkpoints
        first, last = checkpoints[0], checkpoints[-1]
        note = "; it matches checkpoint%s, %s" % (" #%d" % first["seq"] if first is last else "s #%d to #%d" % (first["seq"], last["seq"]), log.signed_by())
    since, earlier_path = None, None
    if a.since:
        since = load_heads(readable(a.since, "--since"), expected)
    elif a.since_export:
        earlier_path = readable(a.since_export, "--since-export")
        earlier = verify_export(earlier_path)
        digest = heads_digest(earlier.heads)
        if expected is not None and digest != expected:
            raise Failed("FAIL %s: DIGEST_MISMATCH — its digest is %s, not the expected %s" % (earlier_path, digest, expected))
    if (a.since or a.since_export) and expected is None:
        err("WARNING SINCE_WITHOUT_DIGEST: without --expect-digest this proves nothing: whoever can edit the earlier file can make any export pass.")

    v = verify_export(path, a.filtered, since, checkpoints, earlier_path)
    digest = heads_digest(v.heads)
    if not a.quiet:
        for c in sorted(v.heads):
            out("%s #%d %s" % (c, v.heads[c][0], v.heads[c][1]))
    if a.heads_out:
        heads = [{"chain": c, "seq": v.heads[c][0], "hash": v.heads[c][1]} for c in sorted(v.heads)]
        with open(a.heads_out, "w", encoding="utf-8") as f:
            json.dump({"format": "claimledger-heads-v1", "digest": digest, "heads": heads}, f, indent=2)
            f.write("\n")
    notes = []
    if v.partial:
        notes.append("%d chains start mid-way, as filtered exports do; their earlier events were not checked" % len(v.partial))
    if v.legacy:
        notes.append("the first %d events predate global positions: their order across chains is not covered by their hashes" % v.legacy)
    if a.since or a.since_export:
        notes.append("every event of the earlier export is still there, unchanged: history only grew")
    out("OK %s: %d events in %d chains verified%s%s" % (path, v.events, len(v.heads), "".join("; " + n for n in notes), note))
    out("digest " + digest)
    return 0


def main(argv=None):
    def out(text):
        sys.stdout.write(text + "\n")

    def err(text):
        sys.stderr.write(text + "\n")

    try:
        return run(sys.argv[1:] if argv is None else argv, out, err)
    except Failed as f:
        out(str(f))
        return 1
    except Usage as u:
        err("verify: %s" % u)
        return 2


if __name__ == "__main__":
    sys.exit(main())
