"""Field records: RIS and HIS exports that print one value per key, rewritten as the lines the
reader already knows, so that every later stage (the self-check included) reads one spelling.

    LS_BMD=1,041;LS_T=-1,2;FN_LADO=IZQ;FN_BMD=0,811;PREV_FECHA=18/04/2022;PREV_LS_BMD=1,088;
    [HIP SIDE]: Right   [FEMORAL NECK T-SCORE]: -1.6   [FRAX HIP (%)]: 1.4
    SITE_2=Colo femoral esquerdo   BMD_2=0,702   TSCORE_2=-2,6

become `lumbar spine: BMD 1,041`, `femoral neck left: T-score -1.6`, `FRAX hip 1.4%`,
`Colo femoral esquerdo: BMD 0,702 T-score -2,6` and an earlier exam's section. The key words
are data (`lexicon/field_keys.yaml`). A report is rewritten only when it holds several such
keys naming a result, so prose with an occasional `T=-2.1` is left as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dxa.parser.model import VALUE_NAMES
from dxa.parser.text import lexicon

KEYS = lexicon.load("field_keys")
KIND_TOKENS = {token: kind for kind, tokens in KEYS["kinds"].items() for token in tokens}
FRAX_KINDS = {token: kind for kind, tokens in KEYS["frax_kinds"].items() for token in tokens}
LABELS = {" ".join(key.split()): label for label, keys in KEYS["labels"].items() for key in keys}
HIP_TOKENS = {"FN", "TH", "HIP", "NECK", "FEMUR", "FEMORAL", "CADERA", "TR", "TROCH", "TOTHIP"}
FOREARM_TOKENS = {"FOREARM", "RADIUS", "R33", "RAD33", "ULNA"}
SPINE_TOKENS = {"LS", "LSP", "SPINE", "LUMBAR", "COLUNA", "COLUMNA"}
REGION_TOKENS = {"REG", "REGION", "REGIAO", "VERTEBRAE", "LEVELS"}
MIN_RESULT_KEYS = 3  # fewer keys naming a result: not a field record

EQUALS_PAIR_RE = re.compile(r"^\s*(?P<key>[A-Z][A-Z0-9_]{0,40})\s*=\s*(?P<value>[^;]*?)\s*;?\s*$")
BRACKET_PAIR_RE = re.compile(
    r"^\s*\[(?P<key>[A-Za-z][A-Za-z0-9 _()%/.\-]{0,50})\]\s*:\s*(?P<value>.*?)\s*$"
)  # "[HIP SIDE]: Right" and "[Hip Side]: Right" alike


@dataclass
class Field:
    line: int
    key: str
    tokens: list[str]
    value: str
    percent: bool = False


@dataclass
class Record:
    """What the fields say, gathered before any line is written."""

    sides: dict[str, str] = field(default_factory=dict)  # "hip" / "forearm" -> side word
    previous_sides: dict[str, str] = field(default_factory=dict)
    previous_date: str | None = None
    spine_region: str | None = None  # `LS_REG=L2-L4`, `[SPINE REGION]: L1-L4`


def fields_of(lines: list[str]) -> list[Field]:
    """Every key/value pair of the lines: `KEY=VALUE;` runs, and `[KEY]: value` lines."""
    found = []
    for number, line in enumerate(lines):
        match = BRACKET_PAIR_RE.match(line)
        parts = [match] if match else [EQUALS_PAIR_RE.match(p) for p in _equals_parts(line)]
        for part in filter(None, parts):
            value = part["value"].strip().strip("[]").strip()
            key = part["key"]
            percent = "%" in key
            found.append(Field(number, key, _tokens(key), value, percent))
    return found


def _equals_parts(line: str) -> list[str]:
    """`A=1;B=2;` split at the semicolons that start a new key (a value may hold one)."""
    if not re.match(r"^\s*[A-Z][A-Z0-9_]*\s*=", line):
        return []
    parts: list[str] = []
    for part in line.split(";"):
        if parts and not re.match(r"^\s*[A-Z][A-Z0-9_]*\s*=", part):
            parts[-1] += ";" + part
        elif part.strip():
            parts.append(part)
    return parts


def _tokens(key: str) -> list[str]:
    key = re.sub(r"\(\s*%\s*\)|%", " ", key.upper())
    key = re.sub(r"\b([TZ])-SCORE\b", r"\1SCORE", key)
    key = re.sub(r"\b([LT]\d{1,2})\s*-\s*(?=[LT]\d)", r"\1~", key)  # "L1-L4" stays one
    return [t.replace("~", "-") for t in re.split(r"[_\s\-/().]+", key) if t]


def is_result_field(f: Field) -> bool:
    return (
        any(t in KIND_TOKENS for t in f.tokens) and len(f.tokens) > 1 or _frax_kind(f) is not None
    )


def _frax_kind(f: Field) -> str | None:
    if not any(t in KEYS["frax"] for t in f.tokens):
        return None
    return next((FRAX_KINDS[t] for t in f.tokens if t in FRAX_KINDS), None)


def _family(tokens: list[str]) -> str:
    return "forearm" if FOREARM_TOKENS & set(tokens) else "hip"


def _site_words(tokens: list[str]) -> str:
    kept = [t for t in tokens if t not in KIND_TOKENS and t not in KEYS["previous"]]
    return " ".join(KEYS["sites"].get(t, t if re.match(r"[LT]\d", t) else t.lower()) for t in kept)


def _index(f: Field) -> str | None:
    if len(f.tokens) >= 2 and f.tokens[-1].isdigit():
        head = "_".join(f.tokens[:-1])
        if head in KEYS["index_site"] or head in KIND_TOKENS:
            return f.tokens[-1]
    return None


def rewrite_field_records(text: str) -> str:
    """The text with its field records written as the reader's lines; other text unchanged."""
    lines = text.split("\n")
    found = fields_of(lines)
    if sum(is_result_field(f) for f in found) < MIN_RESULT_KEYS:
        return text
    record = Record()
    for f in found:
        if any(t in KEYS["side_keys"] for t in f.tokens) and f.value:
            sides = record.previous_sides if f.tokens[0] in KEYS["previous"] else record.sides
            sides[_family(f.tokens)] = KEYS["side_values"].get(f.value.upper(), f.value)
        elif f.tokens[0] in KEYS["previous"] and any(t in KEYS["dates"] for t in f.tokens):
            record.previous_date = f.value if re.search(r"\d", f.value) else None
        elif SPINE_TOKENS & set(f.tokens) and REGION_TOKENS & set(f.tokens):
            # "L2-L4 (L1 excluded - fracture)": the levels before the remark
            levels = re.match(r"\s*([LT]\d{1,2}(?:\s*[-,]\s*[LT]?\d{1,2})*)\s*(?:\(|$)", f.value)
            record.spine_region = levels[1] if levels else None
    written: dict[int, list[str]] = {}
    groups: dict[str, dict[str, str]] = {}
    for f in found:
        if (index := _index(f)) is not None:
            groups.setdefault(index, {"line": str(f.line)})[f.tokens[0]] = f.value
            continue
        written.setdefault(f.line, []).extend(_written(f, record))
    for group in groups.values():
        written.setdefault(int(group.pop("line")), []).append(_indexed_line(group))
    out: list[str] = []
    for number, line in enumerate(lines):
        out.extend(written.get(number, [line]))
    return "\n".join(out)


def _written(f: Field, record: Record) -> list[str]:
    """The reader's line(s) for one field; empty and side-only fields give none."""
    if not f.value or re.fullmatch(r"(?i)n/?a|none|-+|not\s+\w+(\s+\w+)?", f.value):
        return [f"{' '.join(f.tokens).title()}: {f.value}"] if f.value else []
    if any(t in KEYS["side_keys"] for t in f.tokens):
        return []
    value = f"{f.value}%" if f.percent and not f.value.endswith("%") else f.value
    if (kind := _frax_kind(f)) is not None:
        return [f"FRAX {kind} {value}" + ("" if value.endswith("%") else "%")]
    kinds = [KIND_TOKENS[t] for t in f.tokens if t in KIND_TOKENS]
    if f.tokens[0] in KEYS["previous"]:
        if any(t in KEYS["dates"] for t in f.tokens) or not kinds:
            return []
        date = f" ({record.previous_date})" if record.previous_date else ""
        site = _sided(f.tokens, record.previous_sides)
        return [f"Previous exam{date}:", f"{site}: BMD {value}", ""]
    if kinds and len(f.tokens) > 1:
        site = _sided(f.tokens, record.sides)
        if SPINE_TOKENS & set(f.tokens) and record.spine_region:
            site = f"{site} {record.spine_region}"
        return [f"{site}: {VALUE_NAMES[kinds[0]]} {value}"]
    label = LABELS.get(" ".join(f.tokens))
    return [f"{label or ' '.join(f.tokens).capitalize()}: {value}"]


def _sided(tokens: list[str], sides: dict[str, str]) -> str:
    """The site words of a key, after the side its scan was given once (`FN_LADO=IZQ`)."""
    site = _site_words(tokens)
    side = sides.get(_family(tokens))
    return f"{side} {site}" if side and (HIP_TOKENS | FOREARM_TOKENS) & set(tokens) else site


def _indexed_line(group: dict[str, str]) -> str:
    """`SITE_2`, `BMD_2`, `TSCORE_2`, `ZSCORE_2` as one row."""
    site = next((group[k] for k in KEYS["index_site"] if k in group), "")
    values = [
        f"{VALUE_NAMES[KIND_TOKENS[k]]} {v}" for k, v in group.items() if k in KIND_TOKENS and v
    ]
    return f"{site}: {', '.join(values)}"
