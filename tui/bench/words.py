"""Word tables for the benchmark's listing generator (:mod:`tui.bench.generate`).

Fixed English word lists, names and caption parts, so that the generated
listings read like the real archive's, deterministically.
"""

from __future__ import annotations

import random


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
