"""Following every link a person is shown, to find the ones that lead nowhere.

A crawl starts from the home page (and any other start pages), opens each same-site
link it finds with GET, and keeps going breadth first. It opens at most ``per_kind``
pages of each kind (a kind is a URL pattern with the names of its query parameters: two
indicator pages stand for all of them) and ``limit`` pages in all, so it ends quickly
however big the register. What it finds: every link that answered 403 or 404, with the
page it was on.

The Django test client (tests/views/test_dead_ends.py) and the browser
(tests/browser/test_no_dead_ends.py) both crawl through ``Crawl``; only the way a page is
opened differs.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.urls import Resolver404, resolve

# The demo's logins (README.md), one for each role.
ROLES = ["officer", "approver", "performance", "councillor", "auditor"]

# Not followed: signing out (a form, but say so), the admin beyond its index (Django's own
# screens, with hundreds of links) and static files.
NOT_FOLLOWED = ("/accounts/logout/", "/static/")
# Not opened: none. (Draft PDF and Word files are built by the task worker, never in a
# request, so every page is cheap enough to crawl.)
EXPENSIVE: tuple[str, ...] = ()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def is_download(path: str, query: str) -> bool:
    return path.endswith(DOWNLOADS) or "format" in dict(parse_qsl(query))


DOWNLOADS = (".csv", ".xlsx", ".pdf", ".docx", ".html")


def links_in(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


@dataclass(frozen=True)
class Page:
    """What opening a link gave: its status, whether it is HTML, and its links."""

    status: int
    links: list[str]


@dataclass
class Crawl:
    """One person's crawl. ``open(path)`` opens a page as that person."""

    open: Callable[[str], Page]
    per_kind: int = 2
    limit: int = 80
    origin: str = "http://testserver"
    downloads: bool = True  # open links to files (CSV, XLSX, PDF, Word) too
    visited: list[str] = field(default_factory=list)
    dead_ends: list[tuple[int, str, str]] = field(default_factory=list)  # status, link, from
    kinds: Counter = field(default_factory=Counter)

    def kind(self, path: str, query: str) -> str:
        try:
            name = resolve(path).view_name
        except Resolver404:
            name = path  # a link to nowhere: its own kind, so it is opened and reported
        return name + "?" + "&".join(sorted({key for key, _ in parse_qsl(query)}))

    @staticmethod
    def same_page(query: str) -> str:
        """The query without sorting and paging: another page or order of a table is the
        same page as far as its links' permissions go."""
        return urlencode([(key, value) for key, value in parse_qsl(query)
                          if key not in ("sort", "page") and not key.endswith("_page")])

    def run(self, starts: Iterable[str] = ("/",)) -> Crawl:
        queue: deque[tuple[str, str]] = deque((start, "(start)") for start in starts)
        seen = {start for start, _ in queue}
        while queue and len(self.visited) < self.limit:
            path, source = queue.popleft()
            page = self.open(path)
            self.visited.append(path)
            if page.status in (403, 404):
                self.dead_ends.append((page.status, path, source))
                continue
            if path.startswith("/admin/"):
                continue  # the admin's own links are Django's
            for href in page.links:
                url = urlsplit(urljoin(self.origin + path, href))
                if f"{url.scheme}://{url.netloc}" != self.origin or not url.path:
                    continue
                query = self.same_page(url.query)
                target = url.path + (f"?{query}" if query else "")
                if target in seen or url.path.startswith(NOT_FOLLOWED):
                    continue
                if not self.downloads and is_download(url.path, query):
                    continue
                kind = self.kind(url.path, query)
                if self.kinds[kind] >= self.per_kind or kind.startswith(EXPENSIVE):
                    continue
                seen.add(target)
                self.kinds[kind] += 1
                queue.append((target, path))
        return self

    def report(self) -> str:
        return "\n".join(f"  {status} {link} (linked from {source})"
                         for status, link, source in self.dead_ends)


def load_demo() -> None:
    """The demo council, plus an issued pack on the first committee's page so that its
    downloads are crawled too (the demo issues none: building one takes seconds; the
    files here are stand-ins)."""
    import io

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from governance.models import Committee, IssuedPack

    call_command("load_demo", stdout=io.StringIO())
    IssuedPack.objects.create(
        committee=Committee.objects.order_by("name").first(), period="2025-26-Q4", version=1,
        issued_at=timezone.now(), issued_by=get_user_model().objects.get(username="performance"),
        data={}, html="<p>Issued pack</p>", pdf=b"%PDF-1.7 stand-in", docx=b"stand-in",
        checksum="0" * 64,
    )
