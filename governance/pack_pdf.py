"""A pack laid out as a tagged PDF (PDF/UA-1) in chunks, side by side.

One WeasyPrint pass over a 150-indicator pack takes about as long as its pages take to
lay out one after another on one core. Here the pack's HTML is cut into chunks of similar
cost (``governance/pack_parts.py``): the front matter (cover, contents, summary), then
runs of exceptions and indicators, then the back matter. Processes forked for them, as
many at a time as there are cores (``PACK_PDF_WORKERS``), lay them out, the biggest
first, each as a complete, tagged document, while this process merges them in order
(``governance/pdf_merge.py``) into one PDF with one structure tree, one set of bookmarks
and named destinations, and stamps the running header and "Page X of Y" on every page
as pagination artefacts.

Page numbers are only known once every chunk is laid out, so chunks are laid out without
margin boxes (the stamp replaces them), and the front matter, laid out once beside the
rest, with a placeholder as wide as three digits where each contents entry's page number
goes: once the pages are counted, the real numbers are stamped into the placeholders'
tagged text (``governance/pdf_contents.py``). Only when a number will not fit (a pack of
1,000 pages) or the placeholders are not found is the front matter laid out a second
time, with the numbers in.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import itertools
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
import traceback
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from governance import pack_parts, pdf_svg_text

logger = logging.getLogger(__name__)

# WeasyPrint's options for every chunk: tagged, PDF/UA-1.
OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}

# The chunks' own margin boxes are left empty: the running header and page numbers are
# stamped afterwards (pdf_merge), when the pack's page count is known.
NO_MARGIN_BOXES = (
    "@page { @top-left { content: none } @top-right { content: none } "
    "@bottom-right { content: none } }"
)
# The contents before the pages are known: a placeholder as wide as a page number of
# three digits, which pdf_contents finds by its text and stamps the real number into.
CONTENTS_PLACEHOLDER = '.pack .contents a::after { content: leader(".") " 000" }'

Progress = Callable[[int, int], None]


@dataclass
class Job:
    index: int
    html: str


@dataclass
class LaidOut:
    """A chunk laid out: its PDF and what the merge needs to know about its pages, with
    positions in PDF points (origin bottom left) and pages counted from 0 in the chunk."""

    index: int
    pages: int
    pdf: bytes = b""
    anchors: dict[str, tuple[int, float, float]] = field(default_factory=dict)
    bookmarks: list[tuple[int, str, int, float, float, bool]] = field(default_factory=list)


def render(
    html: str, *, workers: int | None = None, chunk_cost: float | None = None,
    progress: Progress | None = None, base_url: str | None = None,
) -> bytes:
    """The pack's HTML as one tagged PDF. HTML without the pack's markers is laid out in
    one WeasyPrint pass, margin boxes and all."""
    from weasyprint import HTML

    from governance import pdf_contents, pdf_furniture, pdf_merge

    pack = pack_parts.split(html)
    if pack is None:
        return HTML(string=html, base_url=base_url, media_type="print").write_pdf(**OPTIONS)
    workers = max(1, workers or os.cpu_count() or 1)
    chunks = pack_parts.plan(pack, workers=workers, chunk_cost=chunk_cost)
    body = chunks[1:]
    contents = pack_parts.contents_links(pack.front)
    # The front matter is laid out once, beside the rest, with placeholders for its
    # contents' page numbers; the numbers are stamped in after the merge.
    jobs = [Job(0, pack.document(pack.front, NO_MARGIN_BOXES + CONTENTS_PLACEHOLDER))]
    jobs += [Job(c.index, pack.document(c.body, NO_MARGIN_BOXES))
             for c in sorted(body, key=lambda c: -c.cost)]
    steps = len(jobs) + 1
    merger = pdf_merge.Merger()
    waiting: dict[int, LaidOut] = {}
    laid_out: list[LaidOut] = []
    front: LaidOut | None = None
    slots: list[pdf_contents.Slot] | None = None
    with _Layouts(workers, base_url) as layouts:
        results = layouts.run(jobs)
        first = next(results)  # the workers have their jobs now: prepare the stamp's font
        font = pdf_furniture.font_for(pack.running_header())
        for result in itertools.chain([first], results):
            if result.index == 0:
                front = result
                slots = pdf_contents.find(result.pdf, contents)
            else:
                waiting[result.index] = result
            # Merge what is ready, in the pack's order, while the rest is laid out.
            while len(laid_out) < len(body) and body[len(laid_out)].index in waiting:
                chunk = waiting.pop(body[len(laid_out)].index)
                merger.add(chunk)
                laid_out.append(chunk)
            if progress:
                progress(len(waiting) + len(laid_out) + (1 if front else 0), steps)
        assert front is not None
        numbers = contents_numbers(pack.front, front.anchors, front.pages, laid_out)
        stamped = None
        if slots is not None and pdf_contents.fits(numbers) \
                and {slot.name for slot in slots} <= numbers.keys():
            stamped = (slots, numbers)
        else:
            front = _numbered_front(pack, layouts, front, laid_out)
        layouts.stop()  # the processes exit while the pack is merged
        merger.add(front, first=True)
        pdf = merger.finish(running_header=pack.running_header(), font=font,
                            contents=stamped)
    if progress:
        progress(steps, steps)
    return pdf


def _numbered_front(pack: pack_parts.Pack, layouts: _Layouts, front: LaidOut,
                    body: list[LaidOut]) -> LaidOut:
    """The fallback: the front matter laid out again with the real page numbers in its
    contents, when they cannot be stamped into its placeholders (a number wider than its
    placeholder, or placeholders not where they should be). The numbers may move a page
    of the front matter (a longer contents): then they are worked out again."""
    front_pages, front_anchors = front.pages, front.anchors
    for _ in range(3):
        numbers = contents_numbers(pack.front, front_anchors, front_pages, body)
        front = layouts.one(Job(0, pack.document(
            pack.front, NO_MARGIN_BOXES + _contents_style(numbers))))
        if front.pages == front_pages:
            return front
        # The real numbers moved a page: number again.
        front_pages, front_anchors = front.pages, front.anchors
    raise RuntimeError("The pack's front matter would not settle on a page count")


# Chunks laid out lately in this process, by what they were laid out from: a chunk whose
# HTML has not changed since (a draft built, then issued: only the cover differs; a
# correction: only its indicator's chunk) is not laid out again. The same HTML always
# makes the same chunk, byte for byte, so a pack is the same whether its chunks come from
# here or not.
_CACHE: OrderedDict[str, LaidOut] = OrderedDict()
_CACHE_SIZE = 64  # chunks: about 15 MB, four 150-indicator packs
_CACHE_LOCK = threading.Lock()


def forget() -> None:
    """Empty the cache of chunks laid out, and of fonts for the stamp (for timing a cold
    build)."""
    from governance import pdf_furniture

    with _CACHE_LOCK:
        _CACHE.clear()
    pdf_furniture.subset.cache_clear()


def _key(job: Job, base_url: str | None) -> str:
    from weasyprint import __version__

    digest = hashlib.sha256(f"{__version__}\0{base_url}\0{job.index}\0".encode())
    digest.update(job.html.encode())
    return digest.hexdigest()


class _Layouts:
    """Jobs laid out side by side by ``workers`` processes, forked when first needed (so
    each starts with Django and WeasyPrint imported) and kept for the pack, each laying
    out the next chunk, the biggest first, as soon as it is free; each result
    remembered. A process that fails says why; one that dies fails the pack."""

    def __init__(self, workers: int, base_url: str | None) -> None:
        self.workers, self.base_url = workers, base_url
        self.processes: list[tuple[Any, Any]] = []  # (process, connection)
        self.stopped = False

    def __enter__(self) -> _Layouts:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
        for _, connection in self.processes:
            connection.close()
        processes = [process for process, _ in self.processes]
        self.processes.clear()
        if processes:
            # Reaped beside what comes next: a process letting go of a pack's worth of
            # memory takes a moment (about 0.2 s) that the pack need not wait for.
            threading.Thread(target=_reap, args=(processes,), daemon=True,
                             name="pack-layout-reaper").start()

    def stop(self) -> None:
        """Tell the processes to stop, without waiting for them: they exit (and their
        memory is let go) while this process goes on; leaving the ``with`` has them reaped
        beside what comes next."""
        if self.stopped:
            return
        self.stopped = True
        for _, connection in self.processes:
            # Told to stop (a closed pipe would not do: a later process holds it too).
            with contextlib.suppress(OSError):
                connection.send(None)

    def _start(self) -> None:
        context = multiprocessing.get_context("fork")
        while len(self.processes) < self.workers:
            mine, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs, self.base_url),
                                      daemon=True)
            process.start()
            theirs.close()
            self.processes.append((process, mine))

    def run(self, jobs: list[Job]) -> Iterator[LaidOut]:
        """Each job's result, those remembered first, then the rest as they are done."""
        keys = {id(job): _key(job, self.base_url) for job in jobs}
        todo: deque[Job] = deque()
        for job in jobs:
            with _CACHE_LOCK:
                remembered = _CACHE.get(keys[id(job)])
            if remembered is None:
                todo.append(job)
            else:
                yield remembered
        if not todo:
            return
        self._start()
        busy: dict[Any, tuple[Any, Job]] = {}
        idle = list(reversed(self.processes))
        while todo or busy:
            while todo and idle:
                process, connection = idle.pop()
                job = todo.popleft()
                connection.send(job)
                busy[connection] = (process, job)
            for connection in multiprocessing.connection.wait(list(busy)):
                process, job = busy.pop(connection)
                try:
                    outcome = connection.recv()
                except EOFError:
                    process.join(timeout=5)
                    outcome = f"its process stopped (exit code {process.exitcode})"
                if isinstance(outcome, str):
                    raise RuntimeError(f"Laying out part {job.index} of the pack failed: "
                                       f"{outcome}")
                idle.append((process, connection))
                _remember(keys[id(job)], outcome)
                yield outcome

    def one(self, job: Job) -> LaidOut:
        return next(self.run([job]))


def _reap(processes: list[Any]) -> None:
    """Wait for layout processes told to stop; stop those that will not."""
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():
            process.terminate()
            process.join()


# A layout process collects its cyclic garbage only when this many objects have been
# made and not freed since it last did: about 2 million is 450 MB, a 300-indicator pack's
# worth of chunks; a 150-indicator pack never gets there.
COLLECT_ABOVE_OBJECTS = 2_000_000


def _serve(connection: Any, base_url: str | None) -> None:
    """A layout process: lay out each chunk it is sent, and send back what was made, or
    why not, until there are no more."""
    # The task worker (db_worker) catches SIGTERM and SIGINT to finish its task first;
    # a layout process must stop when told.
    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT):
        signal.signal(number, signal.SIG_DFL)
    # No cyclic garbage collection while laying out: a layout makes millions of objects
    # and few cycles, and walking them, with all the process inherited, costs a fifth of
    # the time. Reference counting frees most of a chunk when it is done; the cycles left
    # are collected when they grow large, and go with the process at the end.
    gc.freeze()
    gc.disable()
    # Chart labels laid out and drawn a string at a time, not a letter at a time.
    pdf_svg_text.install()
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return
        if job is None:
            return
        try:
            outcome: LaidOut | str = _lay_out(job, base_url)
        except Exception as error:  # noqa: BLE001 - told to the parent, which raises it
            logger.exception("Laying out part %s of a pack failed", job.index)
            outcome = "".join(traceback.format_exception_only(error)).strip()
        connection.send(outcome)
        del outcome
        if gc.get_count()[0] > COLLECT_ABOVE_OBJECTS:
            gc.collect()


def _remember(key: str, result: LaidOut) -> None:
    with _CACHE_LOCK:
        _CACHE[key] = result
        _CACHE.move_to_end(key)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)


def contents_numbers(
    front_html: str, front_anchors: dict[str, tuple[int, float, float]], front_pages: int,
    body: list[LaidOut],
) -> dict[str, int]:
    """The page (from 1) of each anchor the contents links to, across the whole pack."""
    where = {name: page + 1 for name, (page, _, _) in front_anchors.items()}
    offset = front_pages
    for chunk in body:
        for name, (page, _, _) in chunk.anchors.items():
            where.setdefault(name, offset + page + 1)
        offset += chunk.pages
    return {name: where[name] for name in pack_parts.internal_links(front_html)
            if name in where}


def _contents_style(numbers: dict[str, int]) -> str:
    rules = [CONTENTS_PLACEHOLDER]
    for name, page in sorted(numbers.items()):
        target = name.replace("\\", "\\\\").replace('"', '\\"')
        rules.append(f'.pack .contents a[href="#{target}"]::after '
                     f'{{ content: leader(".") " {page}" }}')
    return "\n".join(rules)


def _lay_out(job: Job, base_url: str | None = None) -> LaidOut:
    """Lay out one chunk."""
    from weasyprint import HTML

    document = HTML(string=job.html, base_url=base_url, media_type="print").render(
        **OPTIONS)
    result = LaidOut(job.index, len(document.pages))
    targets: set[str] = set()
    for number, page in enumerate(document.pages):
        height = page.height
        for name, (x, y, _, _) in page.anchors.items():
            if name not in result.anchors:
                result.anchors[name] = (number, x * 0.75, (height - y) * 0.75)
        for level, label, (x, y), state in page.bookmarks:
            result.bookmarks.append(
                (level, label, number, x * 0.75, (height - y) * 0.75, state == "open"))
        targets.update(t for kind, t, _, _ in page.links if kind == "internal")
    # Links to another chunk: a stand-in anchor keeps WeasyPrint from dropping the
    # link; the merged PDF's named destinations send it to the real place.
    for name in targets - result.anchors.keys():
        document.pages[0].anchors[name] = (0, 0, 0, 0)
    result.pdf = document.write_pdf(finisher=partial(_finish, job.index), **OPTIONS)
    return result


def _finish(index: int, document, pdf) -> None:
    """Make this chunk's element identifiers (table header cells) unique across the pack
    and list them in an IDTree, as PDF requires of a structure tree with identifiers."""
    import pydyf

    named = []
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/StructElem" \
                and "ID" in obj:
            identifier = obj["ID"]  # the same String object is in its cells' Headers
            identifier.string = f"c{index:03d}-{identifier.string}"
            named.append((identifier.string, obj.reference))
    if not named:
        return
    names = pydyf.Array()
    for name, reference in sorted(named):
        names.extend([pydyf.String(name), reference])
    root_number = int(pdf.catalog["StructTreeRoot"].split()[0])
    pdf.objects[root_number]["IDTree"] = pydyf.Dictionary({"Names": names})
