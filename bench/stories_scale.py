"""Cost of linking as the store grows: time to add 1,000 articles to stores of 1,000 and 10,000.

Articles are made by hand (no NLP: this measures the store and its linking alone): ~250 words
drawn from a Zipf vocabulary plus the words of one of many stories, two or three people of a
pool of 5,000, a place, a CONSULT between the people on a day of the story, and a claim. Each
article is stored with `store_result`, which links its events, claims and story in the same
transaction. The per-article time of the last 1,000 should not grow with the store. Then the
batch pass that ends a run (`stories.settle`) re-clusters the stories those 1,000 touched.

    .venv/bin/python bench/stories_scale.py [--base 10000] [--add 1000]
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from eventwire.records import Actor, Article, Claim, Event, Location, Mention, Result, Span
from eventwire.store import connect, store_result
from eventwire.stories.settle import settle

VOCAB = [f"w{i}" for i in range(8000)]
WEIGHTS = [1 / (i + 1) for i in range(len(VOCAB))]


def make(i: int, rng: random.Random, stories: int) -> Result:
    """Article i: one of `stories` stories, its people, place and day, and Zipf filler words."""
    s = rng.randrange(stories)
    srng = random.Random(s)
    people = [Actor(f"person:p{srng.randrange(5000)}", f"Person {srng.randrange(5000)}", "PERSON") for _ in range(3)]
    people = list({p.id: p for p in people}.values())
    place = Actor(f"place:XXX:c{s % 700}", f"City{s % 700}", "GPE", country="XXX")
    day = dt.date(2020, 1, 1) + dt.timedelta(days=srng.randrange(1500))
    words = rng.choices(VOCAB, WEIGHTS, k=220) + [f"story{s}x{k}" for k in srng.sample(range(40), 30)]
    rng.shuffle(words)
    names = " ".join(p.name for p in people)
    text = f"{names} met in {place.name}. " + " ".join(words) + f" id{i}."
    mentions = []
    pos = 0
    for a in (*people, place):
        pos = text.find(a.name, pos)
        mentions.append(Mention(pos, pos + len(a.name), a.name, a.kind, a.id))
    ev = Event(id=f"ev{i}", article_id=f"a{i}", type="CONSULT", mode=None, cameo="040",
               actors=tuple(p.id for p in people[:2]), recipients=(), location=Location(place.name, "XXX"),
               date=day.isoformat(), date_end=None, date_precision="day", date_source="text", polarity="asserted",
               historical=False, reported_by=None, confidence=0.8, evidence=Span(0, 20, text[:20]),
               trigger=Span(0, 3, text[:3]), sentence=Span(0, 20, text[:20]))
    n = srng.randrange(5, 500) + rng.randrange(-2, 3)
    claim = Claim("killed", f"people in City{s % 700}", n, n, None, day.isoformat(), None, 0, 10, text[:10],
                  date=day.isoformat())
    art = Article(id=f"a{i}", text=text, outlet=f"outlet{rng.randrange(40)}",
                  published=day + dt.timedelta(days=rng.randrange(3)))
    return Result(article=art, actors=(*people, place), mentions=tuple(mentions), events=(ev,), claims=(claim,),
                  content_hash=hashlib.sha256(text.encode()).hexdigest()[:16])


def add(conn, first: int, count: int, rng: random.Random, stories: int) -> float:
    """Seconds to store (and link) articles first .. first+count-1."""
    items = [make(i, rng, stories) for i in range(first, first + count)]
    t = time.perf_counter()
    for r in items:
        store_result(conn, r)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=int, default=10_000)
    ap.add_argument("--add", type=int, default=1_000)
    args = ap.parse_args()
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for base in (args.add, args.base):
            rng = random.Random(7)
            conn = connect(Path(tmp) / f"s{base}.db")
            stories = max(50, base // 8)                    # about 8 articles a story, as the store grows
            t_base = add(conn, 0, base, rng, stories)
            t_add = add(conn, base, args.add, rng, stories)
            t = time.perf_counter()
            moved = settle(conn, [f"a{i}" for i in range(base, base + args.add)])      # as at the end of a run
            t_settle = time.perf_counter() - t
            n_stories = conn.execute("SELECT count(*) FROM stories").fetchone()[0]
            conn.close()
            out[f"store_of_{base}"] = {"fill_s": round(t_base, 1), f"add_{args.add}_s": round(t_add, 2),
                                       "ms_per_article": round(1000 * t_add / args.add, 2), "stories": n_stories,
                                       "settle_s": round(t_settle, 2), "settle_moved": moved}
    small, large = out[f"store_of_{args.add}"], out[f"store_of_{args.base}"]
    out["ratio"] = round(large["ms_per_article"] / small["ms_per_article"], 2)
    json.dump(out, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
