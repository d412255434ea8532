"""Plain text as a GOV.UK page: the few things a council's statement needs, nothing more.

People who write the accessibility statement or the privacy notice type plain text; this
turns it into HTML with GOV.UK classes. Everything typed is escaped: no HTML gets through,
and a link goes only to a web address, an email address, a phone number or a page on this
site. Plain Python, no Django.

    ## A heading                      (### for a smaller one)
    A paragraph: lines next to each other stay in one paragraph, each on its own line.
    - a bullet point
    1. a numbered step
    [the text of a link](https://www.example.gov.uk/page)
    **words in bold**
    {council}, {performance team}     (filled in when the page is shown)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape

HELP = (
    "Plain text. Leave a blank line between paragraphs. Start a line with '## ' for a "
    "heading ('### ' for a smaller one), '- ' for a bullet point or '1. ' for a numbered "
    "step. Write a link as [text](https://address), [text](mailto:name@council.gov.uk) or "
    "[text](/page/), and **bold** for bold. {council} shows the council's name and "
    "{performance team} says how to reach the performance team: their names and email "
    "addresses to staff, the council's shared mailbox (Register → Council) to everyone "
    "else. HTML is shown as typed, never run."
)

_LINK = re.compile(r"\[([^\[\]\n]+)\]\(([^()\s]+)\)")
_BOLD = re.compile(r"\*\*(\S(?:[^*\n]*\S)?)\*\*")
_SAFE_TARGET = re.compile(r"^(?:https?://[^\s/]+|mailto:[^\s@]+@[^\s@]+|tel:\+?[0-9 ]+$|/(?!/))",
                          re.IGNORECASE)
_TOKEN = re.compile(r"\{([a-z][a-z ]*)\}")
_BULLET = re.compile(r"^[-*] +")
_NUMBER = re.compile(r"^[0-9]{1,3}[.)] +")


def render(text: str, tokens: Mapping[str, str] | None = None) -> str:
    """The page's HTML. ``tokens`` maps a name such as ``council`` to HTML that is already
    safe (the caller escapes it); names not given are shown as typed."""
    blocks: list[str] = []
    for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        blocks.extend(_block(lines, tokens or {}))
    return "\n".join(blocks)


def _block(lines: list[str], tokens: Mapping[str, str]) -> list[str]:
    """A block's lines as HTML: headings on their own, runs of bullets or numbered steps as
    lists, the other lines as one paragraph per run."""
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    kind = ""

    def flush() -> None:
        nonlocal kind
        if paragraph:
            out.append('<p class="govuk-body">' + "<br>".join(paragraph) + "</p>")
            paragraph.clear()
        if items:
            tag, style = ("ol", "number") if kind == "number" else ("ul", "bullet")
            out.append(f'<{tag} class="govuk-list govuk-list--{style}">'
                       + "".join(f"<li>{item}</li>" for item in items) + f"</{tag}>")
            items.clear()
        kind = ""

    for line in lines:
        if line.startswith("### ") or line.startswith("## "):
            flush()
            level, words = line.split(" ", 1)
            tag, style = ("h2", "m") if level == "##" else ("h3", "s")
            out.append(f'<{tag} class="govuk-heading-{style}">{_inline(words.strip(), tokens)}'
                       f"</{tag}>")
            continue
        bullet, number = _BULLET.match(line), _NUMBER.match(line)
        if bullet or number:
            this = "bullet" if bullet else "number"
            if paragraph or (items and kind != this):
                flush()
            kind = this
            items.append(_inline(line[(bullet or number).end():], tokens))  # type: ignore[union-attr]
            continue
        if items:
            flush()
        paragraph.append(_inline(line, tokens))
    flush()
    return out


def _inline(text: str, tokens: Mapping[str, str]) -> str:
    """One line: escaped, then links, bold and tokens."""
    html = escape(text, quote=True)

    def link(match: re.Match[str]) -> str:
        words, target = match.group(1), match.group(2)
        # The target was escaped with the rest: &amp; and &quot; are what an attribute needs.
        if not _SAFE_TARGET.match(target):
            return match.group(0)
        return f'<a class="govuk-link" href="{target}">{words}</a>'

    html = _LINK.sub(link, html)
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    return _TOKEN.sub(lambda m: tokens.get(m.group(1), m.group(0)), html)
