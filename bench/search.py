"""Measure search latency with 100,000 documents in the index, on SQLite or PostgreSQL.

    .venv/bin/python bench/search.py                   # SQLite (FTS5), 100,000 documents
    .venv/bin/python bench/search.py --database-url postgres://postgres@127.0.0.1:5432/parvis_bench_search \\
        --create-database                              # PostgreSQL full-text search

One command: it makes a fresh database (migrate), writes the documents straight into the
search index (`SearchDocument` in bulk: the FTS5 table or the tsvector column follow inside
the database, as on every write), then times `parvis.search.engine.search()` — the function
the search page calls: bounded candidates, ranking and folding, the page's documents and
excerpts — over a fixed set of queries, and prints p50/p95/p99 per query and per kind of
query ("common word": words found in most documents; "hits" ends with + when more than
`engine.CANDIDATES` match, the page then saying "more than 1,000 results"). The text is French, generated from a seeded
generator: the same 100,000 documents on every run. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import shutil
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import prepare_environment, say

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
BATCH = 2_000
SPACES = 40


def _words(text: str) -> list[str]:
    return text.split()


# Words of town news, most frequent first: picked with Zipf weights, so a few are in most
# documents and many are in few, as in real text.
NOUNS = _words("""mairie quartier ville habitants travaux rue place conseil école projet réunion
association centre enfants marché semaine année service parc jardin salle bibliothèque
piscine sport culture jeunesse commune élus maire budget séance fête concert exposition
tramway ligne bus gare église stade collège crèche voirie stationnement circulation
collecte déchets vélo piste chantier inscription horaires ouverture fermeture printemps
été automne hiver matin soir théâtre cinéma musée cantine restaurant commerce entreprise
emploi logement quartiers rénovation chaussée trottoir éclairage arbres plantation forêt
rivière pont chemin sentier randonnée patrimoine histoire archives mémoire cérémonie
anniversaire festival spectacle atelier stage vacances loisirs seniors aînés famille
solidarité santé médecin pharmacie marché-couvert halle fontaine lavoir moulin château
carrefour rond-point parking navette covoiturage énergie chauffage isolation panneaux
subvention délibération commission enquête concertation permanence accueil guichet
démarches formulaire dossier recensement élection bureau vote listes""")
RARE = _words("""carillon pigeonnier lavandière glycine tilleul orgue vitrail chevalet cadran
gargouille tonnelle pressoir forge colombier échauguette mascaron girouette""")
ADJECTIVES = _words("""nouveau nouvelle municipal municipale public publique gratuit gratuite grand
grande petit petite ancien ancienne prochain prochaine rénové rénovée ouvert ouverte
fermé fermée provisoire définitif annuel annuelle local locale intercommunal""")
VERBS = _words("""ouvre accueille propose organise présente annonce lance prépare reprend termine
rénove installe invite rappelle informe réunit célèbre inaugure modifie prolonge""")
LINKS = _words("""de la du des pour sur dans avec près autour entre depuis jusqu'au avant après
pendant""")
DAYS = _words("lundi mardi mercredi jeudi vendredi samedi dimanche")

# (kind, share of the documents, sentences of text: min, max)
KINDS = [("article", 0.5, 6, 40), ("announcement", 0.3, 1, 3), ("space_page", 0.2, 4, 25)]

QUERIES = [
    ("common word", "mairie", {}),
    ("common word", "travaux", {}),
    ("common word", "quartier", {}),
    ("common word", "habitants", {}),
    ("rare word", "carillon", {}),
    ("rare word", "gargouille", {}),
    ("two words", "conseil municipal", {}),
    ("two words", "piscine horaires", {}),
    ("two words", "marché samedi", {}),
    ("three words", "mairie quartier travaux", {}),
    ("three words", "conseil municipal séance", {}),
    ("prefix", "biblio*", {}),
    ("prefix", "inscri*", {}),
    ("phrase", '"conseil municipal"', {}),
    ("exclusion", "piscine -été", {}),
    ("filtered", "travaux", {"kinds": ["article"]}),
    ("filtered", "fête", {"space": "first"}),
    ("page 5", "quartier", {"page": 5}),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL; default: SQLite.")
    parser.add_argument(
        "--create-database",
        action="store_true",
        help="Create the PostgreSQL database (dropping it first) and drop it at the end.",
    )
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30, help="Timed runs of each query.")
    parser.add_argument("--seed", default="parvis-search-bench")
    parser.add_argument("--keep", action="store_true", help="Keep the database.")
    parser.add_argument(
        "--reuse",
        default="",
        metavar="RUN",
        help="Time again the documents of a run kept with --keep (its directory under "
        "bench/results/, e.g. search-20261204T090821Z), without filling; with "
        "--database-url, that database (not created or dropped).",
    )
    return parser.parse_args()


class Writer:
    """French sentences from the vocabulary above, from one seeded generator."""

    def __init__(self, seed: str) -> None:
        self.rng = random.Random(seed)
        self.noun_weights = [1 / (rank + 1) for rank in range(len(NOUNS))]

    def noun(self) -> str:
        if self.rng.random() < 0.002:
            return self.rng.choice(RARE)
        return self.rng.choices(NOUNS, weights=self.noun_weights)[0]

    def sentence(self) -> str:
        rng = self.rng
        parts = [
            rng.choice(["Le", "La", "Les", "Notre", "Cette", "Un", "Une"]),
            self.noun(),
            rng.choice(ADJECTIVES) if rng.random() < 0.4 else "",
            rng.choice(VERBS),
            rng.choice(["le", "la", "les", "un", "une", "des"]),
            self.noun(),
            rng.choice(LINKS),
            self.noun(),
        ]
        if rng.random() < 0.5:
            parts += [rng.choice(["le", "ce"]), rng.choice(DAYS), rng.choice(["matin", "soir", ""])]
        if rng.random() < 0.3:
            parts += [rng.choice(LINKS), self.noun(), rng.choice(ADJECTIVES)]
        return " ".join(p for p in parts if p) + "."

    def title(self) -> str:
        words = [self.noun() for _ in range(self.rng.randint(2, 5))]
        if self.rng.random() < 0.5:
            words.insert(1, self.rng.choice(LINKS))
        text = " ".join(words)
        return text[0].upper() + text[1:]


def fill(count: int, seed: str) -> dict:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from parvis.news.models import Announcement, Article
    from parvis.search.indexing import priority
    from parvis.search.models import SearchDocument
    from parvis.search.registry import searchable_type
    from parvis.spaces.models import Space, SpaceKind, SpacePage

    writer = Writer(seed)
    rng = writer.rng
    spaces = Space.objects.bulk_create(
        Space(kind=SpaceKind.NEIGHBOURHOOD, slug=f"bench-search-{i:02d}", name=f"Quartier {i}")
        for i in range(SPACES)
    )
    types = {
        "article": ContentType.objects.get_for_model(Article),
        "announcement": ContentType.objects.get_for_model(Announcement),
        "space_page": ContentType.objects.get_for_model(SpacePage),
    }
    now = datetime.now(UTC)
    characters = 0
    started = time.perf_counter()
    for start in range(0, count, BATCH):
        rows = []
        for n in range(start, min(count, start + BATCH)):
            kind, _, low, high = rng.choices(KINDS, weights=[k[1] for k in KINDS])[0]
            text = " ".join(writer.sentence() for _ in range(rng.randint(low, high)))
            published = now - timedelta(minutes=rng.randint(0, 60 * 24 * 365 * 3))
            window_end = None
            if rng.random() < 0.02:  # scheduled, or withdrawn: out of the window now
                published = now + timedelta(days=rng.randint(1, 30))
            elif rng.random() < 0.02:
                window_end = now - timedelta(days=rng.randint(1, 30))
            space = spaces[n % SPACES] if kind == "space_page" or rng.random() < 0.3 else None
            rows.append(
                SearchDocument(
                    content_type=types[kind],
                    object_id=n + 1,
                    kind=kind,
                    space=space,
                    title=writer.title(),
                    text=text,
                    url=f"/bench/{kind}/{n + 1}/",
                    language="fr",
                    date=published,
                    visible_from=published if kind != "space_page" else None,
                    visible_until=window_end if window_end and window_end > published else None,
                    # As indexing writes it: the type's weight, then the day.
                    priority=priority(searchable_type(kind), published),
                )
            )
            characters += len(text)
        with transaction.atomic():
            SearchDocument.objects.bulk_create(rows)
        if (start // BATCH) % 10 == 9:
            say(f"{start + len(rows):,} documents written")
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        # What the database's own maintenance does after a bulk load (autovacuum; FTS5's
        # automatic merges), done at once so every run measures the same state.
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE search_searchdocument")
        else:
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
    return {
        "documents": count,
        "average_text_characters": round(characters / count),
        "fill_seconds": round(seconds, 1),
        "first_space": spaces[0].pk,
    }


def already_filled() -> dict:
    """What `fill` reports, read from a kept run's database."""
    from django.db.models import Avg, Min
    from django.db.models.functions import Length

    from parvis.search.models import SearchDocument
    from parvis.spaces.models import Space

    documents = SearchDocument.objects.aggregate(average=Avg(Length("text")))
    return {
        "documents": SearchDocument.objects.count(),
        "average_text_characters": round(documents["average"]),
        "fill_seconds": "(reused)",
        "first_space": Space.objects.aggregate(first=Min("pk"))["first"],
    }


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(runs: int, first_space: int) -> list[dict]:
    from parvis.search.engine import search

    rows = []
    for category, query, options in QUERIES:
        options = dict(options)
        if options.get("space") == "first":
            options["space"] = first_space
        for _ in range(2):  # warm-up: caches of the database and of Django
            page = search(query, **options)
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            page = search(query, **options)
            timings.append((time.perf_counter() - started) * 1000)
        rows.append(
            {
                "category": category,
                "query": query + (f" {options}" if options else ""),
                "hits": f"{page.total}+" if page.more else str(page.total),
                "matching": matching(query, options),
                "samples": timings,
            }
        )
    return rows


def matching(query: str, options: dict) -> int:
    """Every document the query matches, counted once without the engine's bound (not timed):
    shows how common a "common word" is."""
    from django.db import connection
    from django.utils import timezone

    from parvis.search import backends
    from parvis.search.query import parse

    filters = backends.Filters(
        now=timezone.now(), kinds=tuple(options.get("kinds", ())), space_id=options.get("space")
    )
    engine = backends.for_vendor(connection.vendor)
    return len(engine.candidates(parse(query), filters, limit=10**9))


def report(rows: list[dict], database: str, info: dict) -> None:
    print(
        f"\nSearch latency, {database}, {info['documents']:,} documents "
        f"(text {info['average_text_characters']:,} characters on average), "
        f"filled in {info['fill_seconds']} s; milliseconds per search() call"
    )
    print(f"{'query':<42} {'matching':>8} {'hits':>7} {'p50':>7} {'p95':>7} {'p99':>7}")
    for row in rows:
        s = row["samples"]
        print(
            f"{row['query'][:42]:<42} {row['matching']:>8} {row['hits']:>7} "
            f"{percentile(s, 0.5):>7.1f} "
            f"{percentile(s, 0.95):>7.1f} {percentile(s, 0.99):>7.1f}"
        )
    print(f"\n{'kind of query':<42} {'':>8} {'':>7} {'p50':>7} {'p95':>7} {'p99':>7}")
    categories: dict[str, list[float]] = {}
    for row in rows:
        categories.setdefault(row["category"], []).extend(row["samples"])
    categories["all"] = [t for row in rows for t in row["samples"]]
    for name, samples in categories.items():
        print(
            f"{name:<42} {'':>8} {'':>7} {percentile(samples, 0.5):>7.1f} "
            f"{percentile(samples, 0.95):>7.1f} {percentile(samples, 0.99):>7.1f}"
        )
    print(f"(mean of all: {statistics.fmean(categories['all']):.1f} ms)")


def main() -> None:
    args = parse_args()
    stamp = datetime.now(UTC).strftime("search-%Y%m%dT%H%M%SZ")
    run_dir = RESULTS / (args.reuse or stamp)
    run_dir.mkdir(parents=True, exist_ok=bool(args.reuse))
    if args.reuse:
        args.create_database, args.keep = False, True
    postgres = prepare_environment(run_dir, args.database_url, create=args.create_database)
    database = "PostgreSQL" if args.database_url else "SQLite"
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    from parvis.core.datadir import prepare

    prepare()  # as `parvis` does: the run's data directory and its secret key
    django.setup()
    from django.db import connection

    try:
        say(f"Preparing the {database} database in {run_dir.relative_to(ROOT)}")
        call_command("migrate", verbosity=0, interactive=False)
        if args.reuse:
            info = already_filled()
        else:
            say(f"Writing {args.documents:,} documents into the index")
            info = fill(args.documents, args.seed)
        say(f"Timing {len(QUERIES)} queries, {args.runs} runs each")
        rows = measure(args.runs, info["first_space"])
        report(rows, database, info)
        (run_dir / ("results.json" if not args.reuse else f"results-{stamp}.json")).write_text(
            json.dumps(
                {
                    "database": database,
                    "database_version": (
                        connection.Database.sqlite_version
                        if connection.vendor == "sqlite"
                        else str(connection.pg_version)
                    ),
                    "python": platform.python_version(),
                    **info,
                    "queries": rows,
                },
                indent=1,
            )
        )
    finally:
        connection.close()
        if postgres and args.create_database and not args.keep:
            postgres.drop()
        if not args.keep:
            for path in run_dir.glob("parvis.sqlite3*"):
                path.unlink()
            shutil.rmtree(run_dir / "static", ignore_errors=True)
    say(f"Results in {run_dir.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
