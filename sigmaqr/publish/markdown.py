"""Render the Markdown the publisher writes (a small subset) as HTML, for the static site.

The subset: ATX headings, paragraphs, ``-`` lists, pipe tables, fenced code blocks, and inline
code spans, ``**bold**`` and ``[links](url)``. Links pass through a rewrite function so relative
links between published files still work from the site's folder.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Generator, Iterator

LinkRewrite = Callable[[str], str]
Blocks = Generator[str, None, int]
"""Yields HTML blocks, returns the index of the first line it did not consume."""

_CODE_SPAN = re.compile(r"``\s(.+?)\s``|`([^`]+)`")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_HEADING = re.compile(r"^(#{1,6}) (.*)$")
_TABLE_RULE = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")
_PIPE = re.compile(r"(?<!\\)\|")


def to_html(text: str, link: LinkRewrite = str) -> str:
    """Render Markdown (the publisher's subset) as an HTML fragment.

    Args:
        text: The Markdown.
        link: Rewrites each link target.

    Returns:
        HTML, one block element per line group.
    """
    return "\n".join(_blocks(text.splitlines(), link)) + "\n"


def inline(text: str, link: LinkRewrite = str) -> str:
    """Render inline Markdown (code spans, bold, links), escaping everything else."""
    spans: list[str] = []

    def keep(match: re.Match[str]) -> str:
        spans.append(f"<code>{html.escape(match.group(1) or match.group(2))}</code>")
        return f"\x00{len(spans) - 1}\x00"

    escaped = html.escape(_CODE_SPAN.sub(keep, text), quote=False)
    escaped = _LINK.sub(
        lambda m: f'<a href="{html.escape(link(m.group(2)))}">{m.group(1)}</a>', escaped
    )
    escaped = _BOLD.sub(r"<strong>\1</strong>", escaped)
    return re.sub("\x00(\\d+)\x00", lambda m: spans[int(m.group(1))], escaped)


def slug(text: str) -> str:
    """An HTML id for a heading: lower case, words joined by ``-``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _blocks(lines: list[str], link: LinkRewrite) -> Iterator[str]:
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
        elif line.startswith("```"):
            index = yield from _fence(lines, index)
        elif heading := _HEADING.match(line):
            level, title = len(heading.group(1)), heading.group(2)
            yield f'<h{level} id="{slug(title)}">{inline(title, link)}</h{level}>'
            index += 1
        elif line.startswith("- "):
            index = yield from _list(lines, index, link)
        elif line.startswith("|"):
            index = yield from _table(lines, index, link)
        else:
            index = yield from _paragraph(lines, index, link)


def _fence(lines: list[str], start: int) -> Blocks:
    language = lines[start][3:].strip()
    end = start + 1
    while end < len(lines) and not lines[end].startswith("```"):
        end += 1
    body = html.escape("\n".join(lines[start + 1 : end]))
    attr = f' class="language-{html.escape(language)}"' if language else ""
    yield f"<pre><code{attr}>{body}</code></pre>"
    return end + 1


def _list(lines: list[str], start: int, link: LinkRewrite) -> Blocks:
    end = start
    items = []
    while end < len(lines) and lines[end].startswith("- "):
        items.append(f"<li>{inline(lines[end][2:], link)}</li>")
        end += 1
    yield "<ul>\n" + "\n".join(items) + "\n</ul>"
    return end


def _cells(line: str) -> list[str]:
    inner = line.strip()[1:-1] if line.strip().endswith("|") else line.strip()[1:]
    return [cell.strip().replace("\\|", "|") for cell in _PIPE.split(inner)]


def _table(lines: list[str], start: int, link: LinkRewrite) -> Blocks:
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    rows = [r for r in lines[start:end] if not _TABLE_RULE.match(r)]
    head = "".join(f"<th>{inline(c, link)}</th>" for c in _cells(rows[0]))
    body = "\n".join(
        "<tr>" + "".join(f"<td>{inline(c, link)}</td>" for c in _cells(r)) + "</tr>"
        for r in rows[1:]
    )
    yield f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"
    return end


def _paragraph(lines: list[str], start: int, link: LinkRewrite) -> Blocks:
    end = start
    while end < len(lines) and lines[end].strip() and not _starts_block(lines[end]):
        end += 1
    text = " ".join(line.strip() for line in lines[start:end])
    yield f"<p>{inline(text, link)}</p>"
    return end


def _starts_block(line: str) -> bool:
    return line.startswith(("```", "- ", "|", "#"))
