"""HTML from elsewhere (imported or harvested rich text) becomes Markdown that renders back to
the same structure, and nothing the sanitizer refuses survives."""

import pytest

from chm.markdown import html_to_markdown, render_markdown


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("<p>Protect <strong>30%</strong> of <em>land</em>.</p>", "Protect **30%** of *land*."),
        ("<p>a</p><p>b<br>c</p>", "a\n\nb  \nc"),
        ("<ul><li>one</li><li>two</li></ul>", "- one\n- two"),
        ("<ol><li>one</li><li>two</li></ol>", "1. one\n2. two"),
        ('<a href="https://cbd.int/gbf">the framework</a>', "[the framework](https://cbd.int/gbf)"),
        ("<div><!--block-->5 * 3 = 15_</div>", "5 \\* 3 = 15\\_"),
        ("", ""),
    ],
)
def test_structure_is_kept(html, markdown):
    assert html_to_markdown(html) == markdown


@pytest.mark.parametrize(
    "html",
    [
        '<p onclick="steal()">Hi<script>alert(1)</script></p>',
        '<a href="javascript:alert(1)">Hi</a>',
        '<img src="x" onerror="alert(1)">Hi',
        "<style>p{}</style>Hi",
    ],
)
def test_nothing_unsafe_survives(html):
    markdown = html_to_markdown(html)
    assert markdown == "Hi"
    assert render_markdown(markdown) == "<p>Hi</p>"
