"""The base of a screen whose archive is worked on in the background:
loaded, indexed, its sorts precomputed, a suggestion counted.

The first frame comes before any parsing: a worker parses the listings and
posts batches; this class adds the bookkeeping every batch needs (progress,
sections, errors, the garbage collector, the index) and hands the articles
to :meth:`ArchiveScreen.batch_arrived`, where the screen updates its widgets.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence

from textual import on, work
from textual.message import Message
from textual.screen import Screen
from textual.worker import get_current_worker

from tui.loading import Batch, load_batches
from tui.model import Archive
from tui.query import parse_query

# Below this many articles a search scans faster than numpy can start up.
INDEX_MIN_ARTICLES = 5000


class Loaded(Message):
    """A batch from the background loader (articles, progress or an error)."""

    def __init__(self, batch: Batch) -> None:
        super().__init__()
        self.batch = batch


class IndexReady(Message):
    """The trigram index is built: searches use it from now on."""


class Suggestion(Message):
    """How many articles ``fuzzy`` (the fuzzy form of ``text``) would match."""

    def __init__(self, text: str, fuzzy: str, count: int) -> None:
        super().__init__()
        self.text = text
        self.fuzzy = fuzzy
        self.count = count


class ArchiveScreen(Screen[None]):
    """Loads ``paths`` into ``archive`` after the first frame."""

    def __init__(self, archive: Archive, paths: Sequence[str] = ()) -> None:
        super().__init__()
        self.archive = archive
        self._paths = list(paths)
        # The fraction of the listings loaded; None once done (or nothing to load).
        self.load_progress: float | None = 0.0 if paths else None

    def start_loading(self) -> None:
        if self._paths:
            self._load(self._paths)

    def sections(self) -> str:
        """The header's subtitle: the archive's sections."""
        sections = " · ".join(self.archive.sections)
        return sections or ("loading…" if self.load_progress is not None else "(no section)")

    def batch_arrived(self, batch: Batch) -> None:
        """Show a batch's articles (the archive has not been extended yet)."""
        raise NotImplementedError

    @work(thread=True, exclusive=True, group="load")
    def _load(self, paths: list[str]) -> None:
        worker = get_current_worker()
        for batch in load_batches(paths):
            if worker.is_cancelled:  # quit: stop parsing (a piece is ~20 ms)
                return
            self.post_message(Loaded(batch))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        batch = message.batch
        archive = self.archive
        if batch.error:
            self.notify(batch.error, title="Not loaded", severity="error", markup=False)
        if batch.section and batch.section not in archive.sections:
            archive.sections.append(batch.section)
        self.load_progress = None if batch.done else batch.fraction
        self.sub_title = self.sections()
        self.batch_arrived(batch)
        if batch.done:
            # The loaded articles live as long as the app: move them (and all
            # else alive now) out of the collector's reach, or every full GC
            # pass walks them all (~100 ms at 100k articles, felt as stalls
            # between keystrokes).  Once per load, when everything is in.
            gc.freeze()
        if batch.done and len(archive) >= INDEX_MIN_ARTICLES:
            self._build_index()

    @work(thread=True, exclusive=True, group="index")
    def _build_index(self) -> None:
        self.archive.build_index()
        self.post_message(IndexReady())
        self.archive.warm_sorts()

    def warm_sorts(self) -> None:
        """Precompute, in a worker, the sorts one key press away (big archives)."""
        if len(self.archive) >= INDEX_MIN_ARTICLES:
            self._warm_sorts()

    @work(thread=True, exclusive=True, group="warm")
    def _warm_sorts(self) -> None:
        self.archive.warm_sorts()

    @work(thread=True, exclusive=True, group="suggest")
    def suggest(self, text: str, fuzzy: str) -> None:
        """Count, in a worker, what query ``fuzzy`` would match instead of ``text``."""
        count = len(self.archive.search(parse_query(fuzzy)))
        if not get_current_worker().is_cancelled:
            self.post_message(Suggestion(text, fuzzy, count))
