"""Markdown's inline markup: what a reader of the rendered page would not see
is not said, while the words around it stay one sentence.

A link is read as its text (``[the river](https://…)`` says "the river"), an
image as its alt text, inline code without its backticks, inline HTML
without its tags, a list item without its mark; an autolink (``<https://…>``) is not said at all, and a
reference definition line (``[1]: https://…``) is skipped. The others are *dropped* spans: cut out of what is
spoken but not out of the segment they sit in, so that a link inside a
sentence or a quotation does not split it (a skip would). `audiobook script`
lists what was dropped.

``without`` hides dropped characters behind two marks that are neither
letters nor blanks, so offsets, paragraphs and the segments' tiling stay
those of the file: HIDDEN is then said as nothing, HIDDEN_BREAK (a ``<br>``,
a block tag) as a space.
"""
from __future__ import annotations

import re

from ..model import Skip

LINK_MARKUP = "link markup"
CODE_MARK = "code mark"
HTML_TAG = "HTML tag"
AUTOLINK = "web address"
LINK_DEFINITION = "link definition"
LIST_MARK = "list mark"

_TARGET = r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
_LINK = re.compile(r"(!?\[)((?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)(\]" + _TARGET + r"|\]\[[^\[\]]*\])")
_AUTOLINK = re.compile(r"<(?:https?|ftp|mailto):[^<>\s]+>|<[\w.+-]+@[\w-]+(?:\.[\w-]+)+>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s+[\w:.-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>")
_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_BREAKING_TAGS = frozenset("br hr p div li ul ol tr td th table blockquote section h1 h2 h3 h4 h5 h6 img".split())
HIDDEN, HIDDEN_BREAK = "\ue000", "\ue001"  # private-use characters: nothing a story says
# "- milk", "* eggs", "2. bread" opening a line: a list item's mark ("* * *" is a scene break, kept)
_LIST_MARK = re.compile(r"(?m)^[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+(?=[^\s*+-])")
_DEFINITION = re.compile(r"(?m)^ {0,3}\[[^\]]+\]:[ \t]*\S+(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?[ \t]*$")


def inline_markup(text: str, skips: list[Skip] = ()) -> list[Skip]:
    """The dropped spans of a Markdown ``text``, sorted; none inside ``skips``
    (a comment or front matter is skipped whole already)."""
    found = [Skip(m.start(), m.end(), AUTOLINK) for m in _AUTOLINK.finditer(text)]
    for m in _CODE.finditer(text):
        found += [Skip(m.start(1), m.end(1), CODE_MARK), Skip(m.end(2), m.end(), CODE_MARK)]
    code = [(m.start(), m.end()) for m in _CODE.finditer(text)]

    def in_code(pos: int) -> bool:  # `<div>` or `[x](y)` in code is said as it is
        return any(s <= pos < e for s, e in code)

    for m in _LINK.finditer(text):
        if not in_code(m.start()):
            found += [Skip(m.start(1), m.end(1), LINK_MARKUP), Skip(m.start(3), m.end(3), LINK_MARKUP)]
    found += [Skip(m.start(), m.end(), HTML_TAG) for m in _TAG.finditer(text) if not in_code(m.start())]
    found += [Skip(m.start(), m.end(), LIST_MARK) for m in _LIST_MARK.finditer(text) if not in_code(m.start())]
    taken = sorted(skips, key=lambda k: k.start)
    out: list[Skip] = []
    for span in sorted(found, key=lambda k: (k.start, -k.end)):
        if out and span.start < out[-1].end:
            continue  # inside one already dropped (a tag inside an autolink, say)
        if not any(k.start <= span.start < k.end for k in taken):
            out.append(span)
    return out


def link_definitions(text: str) -> list[Skip]:
    """Reference definition lines (``[1]: https://…``): not shown, so skipped whole."""
    return [Skip(m.start(), m.end(), LINK_DEFINITION) for m in _DEFINITION.finditer(text)]


def without(text: str, dropped: list[Skip] | tuple[Skip, ...]) -> str:
    """``text`` with each dropped character hidden (see HIDDEN), so that every
    offset still points where it did."""
    if not dropped:
        return text
    chars = list(text)
    for span in dropped:
        breaking = span.reason == LIST_MARK or span.reason == HTML_TAG \
            and _tag_name(text[span.start:span.end]) in _BREAKING_TAGS
        chars[span.start:span.end] = (HIDDEN_BREAK if breaking else HIDDEN) * (span.end - span.start)
    return "".join(chars)


def unhide(spoken: str) -> str:
    """What is said for text that went through ``without``."""
    return spoken.replace(HIDDEN, "").replace(HIDDEN_BREAK, " ")


def _tag_name(tag: str) -> str:
    return re.match(r"</?([A-Za-z][\w-]*)", tag).group(1).lower()
