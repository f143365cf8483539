"""Synthetic check of cross-article linking: one story rewritten by several outlets, among unrelated ones.

Each story is one of four kinds (talks between two officials, an earthquake, a protest, a trade
deal) with its own people, place, day and number. Every outlet rewrites it (another lead
sentence, other sentences in another order, another number, dates as a weekday or a full date,
published on the day or the day after). Stories of the same kind (other people, places and
days) are mixed in: six of each among 24. The real pipeline codes every article, the store
links them, and this prints story purity (and inverse purity) and event-link precision, recall
and F1 over pairs of articles' events (gold: same story and same happening).

    .venv/bin/python bench/stories_synthetic.py [--stories 24] [--seed 1]
"""
from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import sys
import time
from collections import Counter

from eventwire.batch import run_parallel
from eventwire.ingest import make_article
from eventwire.stories.build import memory_store
from eventwire.stories.views import list_stories

FIRST = ["Anders", "Pedro", "Kwame", "Hiroshi", "Elena", "Omar", "Tomasz", "Ngozi", "Rafael", "Ingrid", "Arjun",
         "Karim", "Luka", "Mariam", "Jonas", "Farid", "Sofia", "Dmitri", "Amina", "Carlos", "Yusuf", "Helena"]
LAST = ["Lindqvist", "Alvarado", "Mensah", "Tanabe", "Vasquez", "Haddad", "Nowicki", "Adeyemi", "Costa", "Solberg",
        "Mehta", "Benali", "Petrovic", "Tesfaye", "Keller", "Rahimi", "Moreau", "Okafor", "Lindgren", "Castillo"]
TITLES = ["Foreign Minister", "Defence Minister", "Prime Minister", "Interior Minister", "President"]
COUNTRIES = ["Sweden", "Mexico", "Ghana", "Japan", "Chile", "Jordan", "Poland", "Nigeria", "Brazil", "Norway", "India",
             "Algeria", "Serbia", "Ethiopia", "Austria", "Kenya", "Peru", "Vietnam", "Egypt", "Tunisia"]
CITIES = ["Nairobi", "Geneva", "Ankara", "Jakarta", "Lima", "Hanoi", "Cairo", "Oslo", "Bogota", "Manila", "Tunis",
          "Doha", "Kigali", "Baku", "Quito", "Amman", "Vienna", "Dakar", "Tbilisi", "Helsinki", "Rabat", "Accra",
          "Lisbon", "Santiago", "Bangkok", "Seoul", "Brussels", "Warsaw", "Athens", "Madrid"]
REGIONS = [("Kandahar", "Afghanistan"), ("Maiduguri", "Nigeria"), ("Mosul", "Iraq"), ("Mogadishu", "Somalia"),
           ("Peshawar", "Pakistan"), ("Gao", "Mali"), ("Aleppo", "Syria"), ("Sanaa", "Yemen"), ("Goma", "Congo"),
           ("Kidal", "Mali"), ("Quetta", "Pakistan"), ("Idlib", "Syria"), ("Juba", "South Sudan"),
           ("Kirkuk", "Iraq"), ("Herat", "Afghanistan"), ("Kismayo", "Somalia")]
ISSUES = {  # what each story of a kind is about: its own subject, as different stories have
    "talks": ["the border dispute", "water sharing on the river", "a prisoner exchange", "gas pipeline transit",
              "fishing rights", "the refugee camps"],
    "quake": ["the ruins of a school", "flattened mud-brick villages", "a collapsed hospital wing",
              "landslides that buried a highway", "a destroyed textile factory", "the rubble of the old bazaar"],
    "protest": ["a new pension law", "higher fuel prices", "the disputed election result", "police violence",
                "university tuition fees", "a mining concession"],
    "trade": ["coffee and cocoa", "steel and aluminium", "wine and cheese", "rice and soybeans", "textiles",
              "cars and spare parts"],
}
DETAIL = [  # what makes a report of one story unlike another of the same kind: who said what, about what, where
    "\"We will not accept this,\" {p1} told reporters in {city}, referring to {issue}.",
    "{p2} said {issue} had been a source of tension in {city} for years.",
    "According to {p1}, the events in {city} would shape the debate over {issue} in {c1}.",
    "Local media in {c2} quoted {p2} as saying that {issue} was now the priority.",
    "Residents of {city} told reporters that {issue} was all anyone talked about.",
]
KINDS = {   # kind -> (lead sentences, other sentences); several stories of each kind are mixed
    "talks": (["{t1} {p1} of {c1} met {t2} {p2} of {c2} in {city} on {when} to discuss {issue}.",
               "In {city}, {p2}, {c2}'s {t2l}, held talks on {issue} with {p1} on {when}.",
               "{p1}, the {t1l} of {c1}, and {p2} met in {city} on {when}, officials said.",
               "On {when}, {p1} of {c1} met with {p2} in {city}, according to a statement."],
              ["Gunmen killed {n} people in an attack in {region}, {rc}, on {when2}.",
               "At least {n} civilians were killed when militants attacked a market in {region} on {when2}.",
               "Both sides said {issue} needed a quick answer.", "The talks lasted several hours.",
               "Analysts said the meeting showed a new willingness to cooperate."]),
    "quake": (["A magnitude {mag} earthquake struck near {region}, {rc}, on {when}, killing {n} people.",
               "At least {n} people died when a {mag}-magnitude quake hit {region} on {when}.",
               "The earthquake that shook {region} on {when} killed {n} people, {p1} said."],
              ["Rescue teams searched {issue} for survivors.", "Aftershocks rattled the region overnight.",
               "{p1}, the {t1l} of {rc}, visited the area and promised aid.",
               "Hospitals in {region} struggled to treat the injured, {p2} of the Red Cross said."]),
    "protest": (["Thousands of people marched in {city} on {when} to protest against {issue}, and police "
                 "arrested {n} demonstrators.",
                 "Police arrested {n} protesters in {city} on {when} as crowds rallied against {issue}.",
                 "On {when}, demonstrators filled the streets of {city}; {n} were arrested, police said."],
                ["Organisers led by {p2} said the protests against {issue} would continue.", "{p1}, the {t1l} of {c1}, called for dialogue.",
                 "Shops in the centre of {city} stayed closed.", "Riot police used tear gas to disperse the crowd."]),
    "trade": (["{c1} and {c2} signed a trade agreement in {city} on {when}, cutting tariffs on {n} goods such as {issue}.",
               "{p1} and {p2} signed a deal in {city} on {when} that removes tariffs on {n} products.",
               "On {when}, {c1} and {c2} agreed in {city} to lift duties on {n} goods."],
              ["Exporters of {issue} welcomed the agreement.", "The deal still needs approval by parliament.",
               "{p2}, the {t2l} of {c2}, called it a milestone.", "Trade between the two countries has doubled."]),
}


def day_name(d: dt.date, published: dt.date, rng: random.Random) -> str:
    """The day as an outlet would write it: a weekday of the last week, or the full date."""
    if 0 <= (published - d).days < 6 and rng.random() < 0.5:
        return d.strftime("%A")
    return f"{d.strftime('%B')} {d.day}, {d.year}"


def stories(n: int, outlets: int, rng: random.Random) -> list[dict]:
    """Article records {id, text, published, outlet, story}: n stories, each by outlets-2 to outlets outlets."""
    out = []
    base = dt.date(2024, 3, 4)
    names = rng.sample([f"{f} {la}" for f in FIRST for la in LAST], 2 * n)      # one pair of people per story
    for s in range(n):
        p1, p2 = names[2 * s], names[2 * s + 1]
        (t1, c1), (t2, c2) = ((rng.choice(TITLES), c) for c in rng.sample(COUNTRIES, 2))
        kind = list(KINDS)[s % len(KINDS)]                    # stories of one kind never share a place
        city, (region, rc) = CITIES[s % len(CITIES)], REGIONS[(s // len(KINDS) + 4 * (s % len(KINDS))) % len(REGIONS)]
        meet = base + dt.timedelta(days=rng.randrange(0, 300))
        attack = meet - dt.timedelta(days=rng.randrange(2, 5))
        toll = rng.randrange(8, 60)
        for k in range(rng.randrange(outlets - 2, outlets + 1)):
            published = meet + dt.timedelta(days=rng.randrange(0, 2))
            slots = dict(t1=t1, p1=p1, c1=c1, t2=t2, p2=p2, c2=c2, t1l=t1.lower(), t2l=t2.lower(), city=city,
                         issue=ISSUES[kind][s // len(KINDS) % 6], region=region, rc=rc, n=toll + rng.randrange(-3, 4), mag=f"{5 + s % 3}.{s % 10}",
                         when=day_name(meet, published, rng), when2=day_name(attack, published, rng))
            lead, more = KINDS[kind]
            head = rng.choice(lead).format(**slots)
            rest = [x.format(**slots) for x in rng.sample(more, 2) + rng.sample(DETAIL, 2)]
            rng.shuffle(rest)
            out.append({"id": f"s{s}-o{k}", "text": " ".join([head, *rest]), "published": published,
                        "outlet": f"outlet{k}", "story": s})
    rng.shuffle(out)
    return out


def purity(labels: dict[str, str], gold: dict[str, int]) -> tuple[float, float]:
    """Purity of the predicted stories and inverse purity (of the gold stories)."""
    pred: dict[str, Counter] = {}
    inv: dict[int, Counter] = {}
    for a, s in labels.items():
        pred.setdefault(s, Counter())[gold[a]] += 1
        inv.setdefault(gold[a], Counter())[s] += 1
    n = len(labels)
    return (sum(max(c.values()) for c in pred.values()) / n, sum(max(c.values()) for c in inv.values()) / n)


def event_links(conn, gold: dict[str, int]) -> dict[str, float]:
    """Pairwise link P/R/F1 over events of different articles; gold: same story and same PLOVER type
    (a story states each kind of happening once: one meeting, one attack, one arrest, one deal)."""
    rows = conn.execute("SELECT l.cluster_id, e.article_id, e.type FROM event_links l JOIN events e ON e.id = l.event_id"
                        " WHERE e.polarity = 'asserted'").fetchall()
    label = lambda r: (gold[r[1]], r[2])  # noqa: E731
    tp = fp = fn = 0
    for a, b in itertools.combinations(rows, 2):
        if a[1] == b[1]:
            continue
        same_gold = label(a) is not None and label(a) == label(b)
        same_pred = a[0] == b[0]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    p, r = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "gold_links": tp + fn}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=24)
    ap.add_argument("--outlets", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    recs = stories(args.stories, args.outlets, random.Random(args.seed))
    arts = [make_article(r["text"], name=r["id"], id=r["id"], published=r["published"], outlet=r["outlet"])
            for r in recs]
    t0 = time.perf_counter()
    results = list(run_parallel(arts, None))
    t1 = time.perf_counter()
    conn = memory_store(results)
    t2 = time.perf_counter()
    gold = {r["id"]: r["story"] for r in recs}
    labels = {a: s["id"] for s in list_stories(conn) for a in s["articles"]}
    pur, inv = purity(labels, gold)
    out = {"articles": len(recs), "gold_stories": args.stories, "pred_stories": len(set(labels.values())),
           "purity": round(pur, 3), "inverse_purity": round(inv, 3),
           "event_links": {k: round(v, 3) for k, v in event_links(conn, gold).items()},
           "seconds": {"coding": round(t1 - t0, 1), "storing_and_linking": round(t2 - t1, 2)}}
    json.dump(out, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
