"""Plain text as a GOV.UK page: what people type becomes headings, paragraphs, lists and
links, and nothing typed ever runs as HTML."""

import pytest

from perfmgmt.sitepages.markup import render


@pytest.mark.parametrize(("text", "html"), [
    ("Hello", '<p class="govuk-body">Hello</p>'),
    ("One\n\nTwo", '<p class="govuk-body">One</p>\n<p class="govuk-body">Two</p>'),
    ("Line one\nLine two", '<p class="govuk-body">Line one<br>Line two</p>'),
    ("Windows\r\n\r\nline ends", '<p class="govuk-body">Windows</p>\n'
                                 '<p class="govuk-body">line ends</p>'),
    ("## Contact us", '<h2 class="govuk-heading-m">Contact us</h2>'),
    ("### Compliance status", '<h3 class="govuk-heading-s">Compliance status</h3>'),
    ("- one\n- two", '<ul class="govuk-list govuk-list--bullet"><li>one</li><li>two</li></ul>'),
    ("* star", '<ul class="govuk-list govuk-list--bullet"><li>star</li></ul>'),
    ("1. first\n2. second",
     '<ol class="govuk-list govuk-list--number"><li>first</li><li>second</li></ol>'),
    ("You should be able to:\n- zoom in", '<p class="govuk-body">You should be able to:</p>\n'
     '<ul class="govuk-list govuk-list--bullet"><li>zoom in</li></ul>'),
    ("## Heading\nText under it",
     '<h2 class="govuk-heading-m">Heading</h2>\n<p class="govuk-body">Text under it</p>'),
    ("**Important** words", '<p class="govuk-body"><strong>Important</strong> words</p>'),
    ("", ""),
])
def test_the_few_things_a_statement_needs(text, html):
    assert render(text) == html


@pytest.mark.parametrize(("text", "html"), [
    ("[EHRC](https://www.equalityhumanrights.com/)",
     '<a class="govuk-link" href="https://www.equalityhumanrights.com/">EHRC</a>'),
    ("[email us](mailto:access@council.gov.uk)",
     '<a class="govuk-link" href="mailto:access@council.gov.uk">email us</a>'),
    ("[call](tel:+44 1234 567890)", "[call](tel:+44 1234 567890)"),  # spaces: not a link
    ("[call](tel:01234567890)", '<a class="govuk-link" href="tel:01234567890">call</a>'),
    ("[privacy](/privacy/)", '<a class="govuk-link" href="/privacy/">privacy</a>'),
    ("[search](https://example.gov.uk/?a=1&b=2)",
     '<a class="govuk-link" href="https://example.gov.uk/?a=1&amp;b=2">search</a>'),
])
def test_links_go_to_web_and_email_addresses_and_this_site(text, html):
    assert render(text) == f'<p class="govuk-body">{html}</p>'


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>",
    '<a href="https://evil.example" onclick="steal()">x</a>',
    "[click](javascript:alert(1))",
    "[click](JavaScript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    "[click](//evil.example/)",
    '[x](https://a.example/"onmouseover="alert(1))',
    "## <img src=x onerror=alert(1)>",
    "- <iframe src=https://evil.example>",
    "**<b>bold</b>**",
])
def test_nothing_typed_runs_as_html_and_no_link_runs_script(text):
    html = render(text)
    assert not any(tag in html for tag in ("<script", "<img", "<iframe", "<b>", "<a href"))
    assert 'href="javascript' not in html.lower()
    assert 'href="data:' not in html and 'href="//' not in html
    assert '" onmouseover="' not in html


def test_tokens_are_filled_in_with_what_the_page_gives_and_others_left_as_typed():
    html = render("{council} asks {performance team}. {unknown} stays.", {
        "council": "Northshire County Council",
        "performance team": '<a class="govuk-link" href="mailto:p@x.example">Pat</a>',
    })
    assert html == ('<p class="govuk-body">Northshire County Council asks '
                    '<a class="govuk-link" href="mailto:p@x.example">Pat</a>. {unknown} stays.</p>')
