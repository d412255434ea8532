"""Crawl the public pages as an anonymous visitor: every same-origin link from /public/,
and every choice of every GET form (the period picker), each fetched once."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

from django.test import Client

ORIGIN = "http://testserver"


class _Links(HTMLParser):
    """The <a href>s of a page, and each GET form's address with each choice of its
    selects (a form of one select gives one address per option)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self._form = {"action": attrs.get("action") or "", "selects": {}}
        elif tag == "select" and self._form is not None:
            self._select = attrs.get("name")
            self._form["selects"][self._select] = []
        elif tag == "option" and self._form is not None and self._select:
            self._form["selects"][self._select].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            for name, values in self._form["selects"].items():
                for value in values:
                    self.links.append(f"{self._form['action']}?{urlencode({name: value})}")
            self._form = None


def body(response) -> str:
    """A response's text, streamed or not."""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@dataclass
class Crawl:
    pages: dict[str, object] = field(default_factory=dict)  # address -> response
    texts: dict[str, str] = field(default_factory=dict)  # address -> its text
    external: set[str] = field(default_factory=set)

    def text(self, address: str) -> str:
        return self.texts[address]

    @property
    def everything(self) -> str:
        """Every page and file, together: what the public can read."""
        return "\n".join(self.text(address) for address in self.pages)


def crawl(client: Client, start: str = "/public/") -> Crawl:
    found = Crawl()
    queue = [start]
    while queue:
        address = queue.pop(0)
        if address in found.pages:
            continue
        response = client.get(address)
        found.pages[address] = response
        found.texts[address] = body(response)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(found.texts[address])
        for link in parser.links:
            absolute = urljoin(ORIGIN + address, link)
            parts = urlsplit(absolute)
            if f"{parts.scheme}://{parts.netloc}" != ORIGIN:
                found.external.add(absolute)
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path not in found.pages and path not in queue:
                queue.append(path)
    return found
