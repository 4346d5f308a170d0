"""The hostile corpus through the core and the CLI: every file matches its
manifest, every block of every file is accounted for, and no output of the CLI
carries a control, escape or bidi character (JSON and CSV round-trip exactly).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.corpus.build import CLEAR_MARKERS, GENERATED, MARKERS, build, committed, manifest
from tui.cli import main
from tui.export import record
from tui.listing import BYLINE, Listing, ListingError, decode, read_listing
from tui.text import is_safe, sanitize

MANIFEST = manifest()
LOADABLE = sorted(name for name, spec in MANIFEST.items() if "error" not in spec)
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("corpus"))


def test_manifest_lists_exactly_the_corpus() -> None:
    names = {p.name for p in committed()} | set(GENERATED)
    assert set(MANIFEST) == names
    for name in GENERATED:
        assert MANIFEST[name].get("generated") is True, name


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_file_matches_its_manifest(corpus: Path, name: str) -> None:
    spec = MANIFEST[name]
    path = corpus / name
    if "error" in spec:
        with pytest.raises(ListingError) as caught:
            read_listing(path)
        message = str(caught.value)
        assert spec["error"] in message
        assert "\n" not in message and is_safe(message)
        return
    listing = read_listing(path)
    articles = listing.articles
    assert listing.section == spec["section"]
    if "titles" in spec:
        assert [a.title for a in articles] == spec["titles"]
    if "title_lengths" in spec:
        assert [len(a.title) for a in articles] == spec["title_lengths"]
    if "authors" in spec:
        assert [a.author for a in articles] == spec["authors"]
    if "dates" in spec:
        assert [a.iso_date for a in articles] == spec["dates"]
    if "captions" in spec:
        assert [a.caption or "" for a in articles] == spec["captions"]
    if "summary_contains" in spec:
        for article, expected in zip(articles, spec["summary_contains"], strict=True):
            assert expected in article.summary
    if "summary_min_length" in spec:
        assert len(articles[0].summary) >= spec["summary_min_length"]
    found = [(d.line, d.severity, d.message) for d in listing.diagnostics]
    assert len(found) == len(spec["diagnostics"]), found
    for (line, severity, message), (want_line, want_severity, want) in zip(
        sorted(found), sorted(spec["diagnostics"]), strict=True
    ):
        assert (line, severity) == (want_line, want_severity), found
        assert want in message, found
    for article in articles:
        for value in (article.title, article.author, article.caption or "", article.summary):
            assert is_safe(value)
            assert not any(marker in value for marker in MARKERS)


def _accounted(listing: Listing, data: bytes) -> list[str]:
    """Lines of the file found neither in the loaded fields (in file order) nor
    in a diagnostic; bylines count when an article holds their author."""
    text = decode(data, listing.source)[0].replace("\r\n", "\n").replace("\r", "\n")
    fields = [listing.section]
    for article in listing.articles:
        fields += [article.title, (article.caption or "") + article.summary]
    loaded = "\n".join(fields)
    flagged = {d.line for d in listing.diagnostics}
    authors = {(a.author, a.date_text.split(", ")[-1].split(" ")[0]) for a in listing.articles}
    lost: list[str] = []
    position = 0
    for number, raw in enumerate(text.lstrip("\ufeff").split("\n"), start=1):
        line = sanitize(raw)[0].strip()
        if not line or number in flagged:
            continue
        byline = BYLINE.fullmatch(line)
        if byline:
            if (byline.group("author") or "", byline.group("day")) not in authors:
                lost.append(f"{number}: {line}")
            continue
        found = loaded.find(line, position)
        if found < 0:
            lost.append(f"{number}: {line}")
        else:
            position = found + len(line)
    return lost


@pytest.mark.parametrize("name", LOADABLE)
def test_every_line_is_loaded_or_reported(corpus: Path, name: str) -> None:
    path = corpus / name
    assert _accounted(read_listing(path), path.read_bytes()) == []


def test_accounting_notices_a_lost_line() -> None:
    """The check above can fail: a line the parser did not keep is reported."""
    data = b"Section\n\nTitle\n\nWritten by A B Friday, 25 November 2016\n\nSummary\n"
    listing = read_listing_from(data)
    listing.articles[0] = listing.articles[0].__class__(
        **{**_fields(listing.articles[0]), "summary": "something else"}
    )
    assert _accounted(listing, data) == ["7: Summary"]


def read_listing_from(data: bytes) -> Listing:
    from tui.listing import parse_text

    return parse_text(decode(data, "x.txt")[0], "x.txt")


def _fields(article: Any) -> dict[str, Any]:
    return {name: getattr(article, name) for name in article.__slots__}


# -- the CLI over the corpus ---------------------------------------------------


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["list", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _clean_output(text: str) -> None:
    """No control (but newline), escape or bidi character, and no payload marker."""
    assert is_safe(text)
    assert not BIDI.search(text)
    for marker in MARKERS:
        assert marker not in text
    for marker in CLEAR_MARKERS:
        assert "\x1b[2J" + marker not in text


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_cli_table_is_clean_and_errors_are_one_line(
    corpus: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = MANIFEST[name]
    code, out, err = _run(capsys, str(corpus / name), "--width", "120")
    _clean_output(out)
    _clean_output(err)
    assert "Traceback" not in err
    if "error" in spec:
        assert code == 1
        assert out == ""
        assert err.count("\n") == 1 and spec["error"] in err
        return
    assert code == 0
    assert len(out.splitlines()) == 2 + len(spec.get("titles", spec.get("title_lengths", [])))
    assert err.count("\n") == len(spec["diagnostics"])
    for line in err.splitlines():
        assert re.fullmatch(rf"{re.escape(str(corpus / name))}:\d+: (warning|note): .+", line)
    strict = main(["list", str(corpus / name), "--strict"])
    capsys.readouterr()
    # Notes (skipped page text) are no fault: --strict fails on warnings only.
    assert strict == (1 if any(d[1] == "warning" for d in spec["diagnostics"]) else 0)


@pytest.mark.parametrize("name", LOADABLE)
def test_cli_json_and_csv_round_trip_exactly(
    corpus: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(corpus / name)
    listing = read_listing(path)
    expected = sorted((record(a) for a in listing.articles), key=lambda r: (r["title"], r["line"]))
    code, out, _ = _run(capsys, path, "--format", "json")
    assert code == 0
    _clean_output(out)
    assert sorted(json.loads(out), key=lambda r: (r["title"], r["line"])) == expected
    code, out, _ = _run(capsys, path, "--format", "csv")
    assert code == 0
    _clean_output(out)
    csv.field_size_limit(sys.maxsize)  # the huge summary is one 3 MB field
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    as_text = [{k: "" if v is None else str(v) for k, v in r.items()} for r in expected]
    assert sorted(rows, key=lambda r: (r["title"], int(r["line"]))) == as_text


def test_cli_names_every_file_that_failed_and_loads_the_rest(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [str(corpus / name) for name in sorted(MANIFEST)]
    code, out, err = _run(capsys, *paths, "--format", "json")
    assert code == 1  # some files were not listings
    errors = [line for line in err.splitlines() if not re.search(r":\d+: (warning|note): ", line)]
    failed = sorted(name for name, spec in MANIFEST.items() if "error" in spec)
    assert sorted(Path(line.split(":")[0]).name for line in errors) == failed
    total = sum(len(read_listing(corpus / name).articles) for name in LOADABLE)
    assert len(json.loads(out)) == total
