"""Deterministic generator of realistic article listings for benchmarks.

The output mimics the real archive exports (see the Russian Revolution
listing): a section heading, then articles made of a title, a
``Written by AUTHOR Weekday, DD Month YYYY`` byline and a one-line summary,
about half of which start with an image caption glued to the first word.
Only the stdlib is used so that generating data never pulls in Textual, and
every random choice comes from one ``random.Random(seed)`` so that the same
``(n, seed)`` always yields byte-identical text.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple

__all__ = [
    "AUTHORS",
    "MAX_CAPTION",
    "MONTHS",
    "WEEKDAYS",
    "Article",
    "format_article",
    "generate_listing",
    "iter_articles",
    "iter_listing",
    "main",
    "write_listing",
]

# Fixed English tables: strftime's %A/%B depend on the locale.
WEEKDAYS: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
MONTHS: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_FIRST_DATE = date(1960, 1, 1).toordinal()
_DATE_SPAN = date(2024, 12, 31).toordinal() - _FIRST_DATE + 1

# Articles are joined into chunks of this many before being yielded, which
# keeps memory flat while amortising the cost of join/write calls.
_CHUNK_ARTICLES = 512


def _words(text: str) -> tuple[str, ...]:
    """Split a word list; long lists read better as prose than as literals."""
    return tuple(text.split())


# --------------------------------------------------------------------------
# Authors
# --------------------------------------------------------------------------

_FIRST_NAMES = _words(
    "Alan Rob Fred Ana Jorge Pierre José Łukasz Zoë Maria Hamid Ted Niklas "
    "Sarah Ben Francesco Jérôme Søren Dagmar Ömer Chen Priya Kwame Irene Lucía "
    "Matías Björn Agnieszka Dmitri Olga Yusuf Fiona Ewan Tomás Renée Hélène "
    "Marco Giulia Kasia Thabo Aiko Rafael Inés Mikael Žofie Andrés Noémie "
    "Ciarán Siobhán Vítor Ngozi Leila Oskar Rosa Karl Václav Gábor Zsófia"
)
_LAST_NAMES = _words(
    "Woods Sewell Weston Grant Martín Broué Martí Wójcik Brontë Kowalski "
    "Nørgaard Lefèvre Müller Schäfer García Núñez O'Brien O'Neill MacLeod "
    "Petrov Ivanova Okafor Mensah Tanaka Nakamura Singh Haddad Yilmaz Çelik "
    "Dvořák Novák Horváth Szabó Rossi Bianchi Conti Sørensen Ångström Costa "
    "Gonçalves Pereira Fernández Álvarez Jiménez Lindqvist Kuznetsov Zhang "
    "Nkosi Dlamini Roberts Clarke Hughes Campbell Byrne Fitzgerald Moreau "
    "Dubois Lambert Sánchez Ortiz Ferreira Karlsson Łęcki Kühn Żukowski"
)
_SPECIAL_AUTHORS = (
    "International Marxist Tendency",
    "In Defence of Marxism",
    "Editorial Board",
    "Our Correspondent",
    "Socialist Appeal Editorial Board",
    "Workers' International League",
    "La Riposte Socialiste",
    "MB",
    "JP",
    "A. M.",
    "R. J. S.",
    "Pierre Broué",
    "José Martí",
    "Łukasz Wójcik",
    "Zoë Brontë",
    "Alan Woods",
    "Ted Grant",
    "Rob Sewell",
    "Fred Weston",
    "Hamid Alizadeh",
    "Jean-Luc Mélenchon",
    "María José Ortiz de Zárate",
)


def _build_authors() -> tuple[str, ...]:
    """Build a fixed pool of ~200 names, independent of any seed.

    A constant inner seed keeps the pool identical across runs so that only
    the listing seed changes which authors get picked.
    """
    rng = random.Random(0x5EED_A7)
    pool = list(_SPECIAL_AUTHORS)
    seen = set(pool)
    while len(pool) < 200:
        roll = rng.random()
        last = rng.choice(_LAST_NAMES)
        if roll < 0.06:
            name = last  # mononym, e.g. a pen name
        elif roll < 0.16:
            name = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}-{last}"
        elif roll < 0.24:
            name = f"{rng.choice(_FIRST_NAMES)[0]}. {last}"
        else:
            name = f"{rng.choice(_FIRST_NAMES)} {last}"
        if name not in seen:
            seen.add(name)
            pool.append(name)
    return tuple(pool)


AUTHORS: tuple[str, ...] = _build_authors()
# Zipf-like weights: a few prolific writers and a long tail, as in a real
# archive. Cumulative weights let ``choices`` skip re-summing on every call.
_AUTHOR_CUM_WEIGHTS: tuple[float, ...] = tuple(
    sum(1.0 / (r + 1) ** 0.9 for r in range(i + 1)) for i in range(len(AUTHORS))
)

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

_NOUNS = _words(
    "revolution workers party state class capital labour union strike wages "
    "government crisis economy movement struggle history theory programme "
    "congress leadership bureaucracy peasants soldiers army war peace land "
    "bread power democracy socialism capitalism imperialism fascism reform "
    "election parliament minister budget austerity inflation profits market "
    "industry factory railway miners dockers students youth women rights "
    "repression police protest demonstration uprising insurrection councils "
    "soviets committee conference resolution manifesto pamphlet newspaper "
    "editorial article interview review book preface introduction chapter "
    "letter speech debate polemic analysis perspective tendency faction "
    "opposition comrades leaders masses ideas principles tactics strategy "
    "question answer lessons anniversary memory legacy tradition generation "
    "century decade year months weeks days evening morning city country "
    "region continent border colony nation republic empire regime dictatorship "
    "coup elections referendum constitution courts prisoners exile camps "
    "trial purges massacre famine harvest collectivisation planning output "
    "technology science culture art literature philosophy dialectics "
    "materialism consciousness society family property ownership debt banks "
    "finance credit trade exports tariffs oil gas energy climate housing "
    "rents health education pensions hospitals schools transport jobs "
    "unemployment poverty inequality billionaires bosses landlords media "
    "propaganda censorship freedom justice solidarity internationalism "
    "délégués café régime élite naïveté façade"
)
_VERBS = _words(
    "explains shows argues reveals exposes defends attacks examines traces "
    "describes answers publishes republishes reviews discusses analyses "
    "outlines recalls celebrates denounces demands calls organised launched "
    "rejected accepted betrayed defended seized overthrew abolished built "
    "destroyed transformed changed shaped provoked triggered ended began "
    "continued returned opened closed won lost faced fought marched gathered "
    "voted elected formed split broke united joined left entered"
)
_ADJECTIVES = _words(
    "new old great first last final main general political economic social "
    "historic revolutionary reformist bourgeois proletarian imperialist "
    "socialist communist democratic liberal conservative national "
    "international local global european american african asian russian "
    "chinese french german italian spanish british irish greek brazilian "
    "mexican indian iranian turkish polish czech hungarian swedish "
    "deep brutal bloody peaceful mass massive general organised spontaneous "
    "clear real genuine false important key decisive critical serious "
    "growing falling rising deepening ongoing recent early late modern "
    "so-called long-term short-lived working-class left-wing right-wing "
    "anti-war pro-government middle-class"
)
_FUNCTION = _words(
    "the the the the the of of of of and and and to to to in in in a a a "
    "for for on on with with by by as as at from that that which who this "
    "its their his her our an into against over under after before during "
    "between without within about not only but also more most all many "
    "some every each both no other such has have had was were is are be "
    "been will would could should can may must it they we he she"
)
_PROPER = _words(
    "Lenin Trotsky Stalin Marx Engels Luxemburg Gramsci Castro Guevara "
    "Bukharin Zinoviev Kamenev Sverdlov Kerensky Kornilov Mao Allende "
    "Chávez Lula Sankara Lumumba Mandela Thatcher Reagan Roosevelt Churchill "
    "Russia Germany France Britain Spain Italy China Cuba Chile Venezuela "
    "Brazil Mexico Argentina Bolivia Iran Turkey Egypt Nigeria India Pakistan "
    "Indonesia Greece Portugal Ireland Poland Hungary Ukraine Vorkuta "
    "Petrograd Moscow Berlin Paris London Madrid Barcelona Havana Santiago "
    "Caracas Tehran Cairo Athens Lisbon Dublin Warsaw Budapest Prague Kronstadt "
    "Bolsheviks Mensheviks Trotskyists Stalinists Marxists Comintern Wellred "
    "Québec Zürich Kraków Łódź Córdoba São Paulo Bogotá Göteborg Malmö"
)
_POSSESSIVE_BASES = _words(
    "Lenin Trotsky Stalin Marx Engels Luxemburg Gramsci Castro Guevara "
    "Britain France Russia China Europe America Chile Cuba Broué Martí "
    "Workers Women Labour Capital History Today"
)
_NUMBERS = _words(
    "1848 1871 1905 1917 1919 1923 1926 1927 1936 1937 1945 1956 1968 1973 "
    "1989 1991 2008 2011 2016 2019 2020 2023 10 12 20 50 80 97 100 150 "
    "1,000 2,000 10,000 three five seven ten 20th 21st 80th 97th 100th"
)
_COMMA_WORDS = _words(
    "however, therefore, meanwhile, today, indeed, moreover, instead, "
    "workers, capitalism, Russia, Trotsky, revolution, crisis, years, "
    "again, too, state, party, government, war, movement,"
)
# Sentence openers: mostly function words, plus a few names and nouns so
# that some captioned summaries stay ambiguous for caption splitters.
_OPENERS = _words(
    "The The The This In In On Below We We From As Today After Before "
    "During Here Over For Despite Since When While Many Last Now Once "
    "Yesterday Thousands Millions Workers Students Our Their Its Every "
    "Almost Only Few Such Ever Lenin Trotsky Marx Another Once Against "
    "Both Even Some Each Never Within Across Throughout Amid"
)

# Summary word pool: repeating function words approximates English word
# frequencies with a single uniform ``choices`` call per article.
_SUMMARY_POOL: tuple[str, ...] = tuple(
    _FUNCTION * 2 + _NOUNS * 2 + _VERBS * 2 + _ADJECTIVES + _PROPER + _NUMBERS + _COMMA_WORDS
)
# Longer summaries are more common than two-liners; the skew sets the
# ~600 bytes/article average that the benchmarks assume.
_SENTENCE_COUNTS = (2, 3, 3, 4, 4, 4, 5, 5, 5)
_TITLE_POOL: tuple[str, ...] = tuple(
    _FUNCTION + _NOUNS * 2 + _ADJECTIVES + _PROPER * 2 + _NUMBERS + _VERBS
)
_TITLE_SMALL = frozenset(
    _words(
        "a an the of and to in on for with by as at from that into against "
        "over under after before during between"
    )
)
# Title-casing is precomputed once so per-article work is a dict lookup.
_TITLE_CASE = {
    w: w if w in _TITLE_SMALL or not w[0].isalpha() else w[0].upper() + w[1:] for w in _TITLE_POOL
}

# Caption material: image file names and alt texts glued onto summaries.
_SLUG_WORDS = _words(
    "russian revolution lenin trotsky stalin marx strike protest march "
    "rally banner cover poster portrait crowd workers miners flag congress "
    "book front photo header banner imt wellred october petrograd"
)
_SLUG_SUFFIXES = _words("th thumb sm small web crop 2 1 lg 640 web2 v2")
_CAPTION_PEOPLE = _words(
    "Lenin Trotsky Stalin Luxemburg Liebknecht Marx Engels Castro Guevara "
    "Sverdlov Zinoviev Kamenev Gramsci Allende Chávez"
)
_CAPTION_PLACES = (
    "Sverdlov Square",
    "Red Square",
    "Smolny Institute",
    "Winter Palace",
    "Petrograd",
    "Moscow",
    "Berlin",
    "Havana",
    "Plaza de Mayo",
    "Place Vendôme",
    "Trafalgar Square",
)
_CAPTION_TAILS = _words("highlight crop web small banner 2 edit")
_CAPTION_HEADS = (
    "Trotskyist Left Opposition",
    "Stalin Trotsky",
    "Lenin Speaking",
    "Bolshevik Poster",
    "General Strike",
    "Mass Demonstration",
    "Red Army",
    "Women Workers",
    "Miners' Strike",
    "Hunger March",
    "Barricades",
    "Portrait of Marx",
    "Congrès Ouvrier",
    "Manifestación Obrera",
    "Rosa Luxemburg",
    "Book Cover",
    "Protest",
)
# Each tail ends in a lowercase letter or digit so the glued boundary is
# always "lowercase/digit then Uppercase+lowercase", as in the real exports.
_CAPTION_ENDINGS = (
    "Public Domain",
    "front cover crop",
    "cover",
    "photo",
    "image",
    "Wikimedia Commons",
    "fair use",
    "poster",
    "crop",
    "own work",
    "Flickr",
    "archive",
    "2",
    "small",
)
_CAMEL_PARTS = _words("Optimized Rev Betrayed Ad Banner Web Cover Promo Lenin Trotsky Book Img")


# Captions stay short (at most this many chars) so the glue point always
# falls inside the first 60 characters of a summary line.
MAX_CAPTION = 58


class Article(NamedTuple):
    """One generated record; exposed so tests can check ground truth."""

    title: str
    author: str
    date: date
    caption: str
    summary: str
    gaps: tuple[int, int]  # newlines after title, after byline (2 = one blank)


def _caption(rng: random.Random) -> str:
    """Return an image caption in one of the three styles seen in real data."""
    r = rng.random
    style = r()
    if style < 0.35:
        # File-name-like: ``russian-revolution-th``.
        k = 2 + int(r() * 2)
        words = rng.choices(_SLUG_WORDS, k=k)
        return "-".join(words) + "-" + rng.choice(_SLUG_SUFFIXES)
    if style < 0.6:
        # ``Lenin-Trotsky 1920-05-20 Sverdlov Square-highlight``.
        a, b = rng.sample(_CAPTION_PEOPLE, 2)
        day = date.fromordinal(_FIRST_DATE - 20000 + int(r() * 30000))
        place = rng.choice(_CAPTION_PLACES)
        tail = rng.choice(_CAPTION_TAILS)
        return f"{a}-{b} {day.isoformat()} {place}-{tail}"
    if style < 0.75:
        # Camel-cased asset name: ``Optimized-RevBetrayedAd2``.
        parts = rng.choices(_CAMEL_PARTS, k=2 + int(r() * 3))
        return parts[0] + "-" + "".join(parts[1:]) + str(1 + int(r() * 9))
    # Title-case phrase: ``Trotskyist Left Opposition 1927 Public Domain``.
    head = rng.choice(_CAPTION_HEADS)
    year = f" {1880 + int(r() * 140)}" if r() < 0.5 else ""
    return f"{head}{year} {rng.choice(_CAPTION_ENDINGS)}"


def _title(rng: random.Random) -> str:
    """Return a 3-12 word title with the punctuation real titles carry."""
    r = rng.random
    n = 3 + int(r() * 10)
    words = rng.choices(_TITLE_POOL, k=n)
    if r() < 0.5:
        words = [_TITLE_CASE[w] for w in words]
    if r() < 0.2:
        i = int(r() * n)
        base = rng.choice(_POSSESSIVE_BASES)
        words[i] = base + ("'s" if r() < 0.5 else "’s")
    first = words[0]
    words[0] = first[0].upper() + first[1:]
    sep = r()
    if n >= 4 and sep < 0.45:
        # Split into "head: tail" or "head - tail" / "head – tail".
        cut = 1 + int(r() * (n - 2))
        mark = ": " if sep < 0.2 else (" - " if sep < 0.3 else " – ")
        return " ".join(words[:cut]) + mark + " ".join(words[cut:])
    return " ".join(words)


def _summary(rng: random.Random) -> str:
    """Return 2-5 sentences of 8-25 words, always opening Upper+lower."""
    r = rng.random
    count = _SENTENCE_COUNTS[int(r() * len(_SENTENCE_COUNTS))]
    lengths = [8 + int(r() * 18) for _ in range(count)]
    words = rng.choices(_SUMMARY_POOL, k=sum(lengths))
    openers = rng.choices(_OPENERS, k=len(lengths))
    sentences = []
    pos = 0
    for opener, length in zip(openers, lengths, strict=True):
        body = " ".join(words[pos : pos + length - 1])
        pos += length
        body = body.removesuffix(",")
        sentences.append(f"{opener} {body}.")
    return " ".join(sentences)


def iter_articles(n: int, seed: int = 0) -> Iterator[Article]:
    """Yield ``n`` articles drawn from ``random.Random(seed)``."""
    if n < 0:
        raise ValueError("n must be >= 0")
    rng = random.Random(seed)
    r = rng.random
    for _ in range(n):
        title = _title(rng)
        author = rng.choices(AUTHORS, cum_weights=_AUTHOR_CUM_WEIGHTS, k=1)[0]
        day = date.fromordinal(_FIRST_DATE + int(r() * _DATE_SPAN))
        gaps = (2, 2)
        if r() < 0.1:
            extra = 3 + int(r() * 2)  # two or three blank lines
            gaps = (extra, 2) if r() < 0.5 else (2, extra)
        caption = _caption(rng) if r() < 0.5 else ""
        yield Article(title, author, day, caption, _summary(rng), gaps)


def format_article(article: Article) -> str:
    """Render one article plus the two blank lines that end it."""
    d = article.date
    byline = (
        f"Written by {article.author} {WEEKDAYS[d.weekday()]}, "
        f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}"
    )
    after_title, after_byline = ("\n" * g for g in article.gaps)
    return (
        f"{article.title}{after_title}{byline}{after_byline}"
        f"{article.caption}{article.summary}\n\n\n"
    )


def iter_listing(n: int, seed: int = 0, section: str = "Generated Archive") -> Iterator[str]:
    """Yield the listing as text chunks so huge files never sit in memory."""
    yield f"{section}\n\n"
    buf: list[str] = []
    for article in iter_articles(n, seed):
        buf.append(format_article(article))
        if len(buf) >= _CHUNK_ARTICLES:
            yield "".join(buf)
            buf.clear()
    if buf:
        yield "".join(buf)


def generate_listing(n: int, seed: int = 0) -> str:
    """Return the whole listing; meant for small ``n`` such as tests."""
    return "".join(iter_listing(n, seed))


def write_listing(path: Path, n: int, seed: int = 0) -> int:
    """Write the listing to ``path`` as UTF-8 and return the bytes written."""
    total = 0
    with path.open("wb") as fh:
        for chunk in iter_listing(n, seed):
            data = chunk.encode("utf-8")
            fh.write(data)
            total += len(data)
    return total


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry: ``generate N OUT [--seed S]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["generate"]:
        args = args[1:]  # tolerate being handed the subcommand name too
    parser = argparse.ArgumentParser(
        prog="python -m tui.bench generate",
        description="Write a deterministic synthetic article listing.",
    )
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out", type=Path, help="output file")
    parser.add_argument("--seed", type=int, default=0, help="random seed")
    ns = parser.parse_args(args)
    if ns.n < 0:
        parser.error("N must be >= 0")
    size = write_listing(ns.out, ns.n, ns.seed)
    print(
        f"wrote {ns.n} articles, {size / 1e6:.1f} MB to {ns.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
