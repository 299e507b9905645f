"""HTML inside Markdown read as a reader sees it: headings, paragraphs, lists, tables, code, images, links, <details>.

GitHub renders the HTML blocks of a README; people write whole showcase READMEs
in them (``<h1 align="center">``, ``<p>``, ``<details><summary>``, ``<picture>``).
One HtmlReader per document is fed every HTML block in order, so an element opened
in one block and closed in a later one (``<details>`` around Markdown) is followed,
and it reports what it reads to the document's DocBuilder with file line numbers.
Structure is bounded: past MAX_DEPTH open elements nothing more is nested.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Optional

from .document import _squash

# Open elements followed at most; deeper nesting (hostile input) is read as flat text.
MAX_DEPTH = 200

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Elements whose start or end ends the running text: a reader sees a new block.
BLOCKS = frozenset({
    "p", "div", "li", "ul", "ol", "blockquote", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "pre",
    "details", "summary", "section", "article", "header", "footer", "center", "dl", "dt", "dd", "figure",
    "figcaption", "hr", "nav", "main", "aside", "address", "form", "fieldset", "caption",
} | set(HEADINGS))
# Elements whose content a reader never sees as text.
HIDDEN = frozenset({"script", "style", "template", "noscript", "svg", "math", "head", "title", "iframe", "object"})
VOID = frozenset({"img", "br", "hr", "source", "input", "meta", "link", "wbr", "area", "col", "embed", "track"})
INLINE_CODE = frozenset({"code", "kbd", "samp", "tt", "var"})
BOLD = frozenset({"b", "strong"})
# Pieces of a paragraph's text searched for its first line's end; a hostile paragraph of
# thousands of inline elements on one line is not searched again for each.
BREAK_PARTS = 64


class _Text:
    """Running text being gathered into one paragraph, heading, summary or cell."""

    def __init__(self, line: int):
        self.line = line
        self.end_line = line
        self.parts: list = []
        self.prose: list = []
        self.code: list = []
        self.hrefs: list = []
        self.bold: list = []
        self.bold_open = False
        self.bold_lead: Optional[str] = None
        self.first_break = 0  # characters of text on its first line (Paragraph.first_break); 0 until a line ends

    def note_break(self, data: str) -> None:
        """Record where the text's first line ends, if ``data`` (about to be added) ends it."""
        if self.first_break or "\n" not in data or len(self.parts) > BREAK_PARTS:
            return
        combined = "".join(self.parts) + data
        start = len(combined) - len(combined.lstrip())
        end = combined.find("\n", start)
        if start < len(combined) and end > 0 and combined[end:].strip():
            self.first_break = len(_squash(combined[:end]))

    def has_text(self) -> bool:
        return any(part.strip() for part in self.parts)


class HtmlReader(HTMLParser):
    """Reads HTML fragments of one document into a DocBuilder (see the module docstring)."""

    def __init__(self, builder) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = builder
        self.stack: list = []  # open element names, bounded by MAX_DEPTH
        self.open_count: dict = {}
        self.text: Optional[_Text] = None
        self.hidden = 0
        self.heading: Optional[tuple] = None  # (level, real heading or summary)
        self.links: list = []  # (href, [text parts], line)
        self.pre: Optional[list] = None  # [line, info, parts]
        self.table: Optional[list] = None  # [line, rows]
        self.row: Optional[list] = None
        self.picture_source: Optional[str] = None
        self.picture_has_img = False
        self._line_base = 0
        self._line_start = 1

    # --- feeding ---------------------------------------------------------------------
    def read(self, fragment: str, first_line: int) -> None:
        """Feed one HTML block or inline tag that starts on 1-based ``first_line`` of the file."""
        self._line_start = self.getpos()[0]
        self._line_base = first_line
        try:
            self.feed(fragment)
        except AssertionError:
            # html.parser gives up on some malformed declarations ("<![ x ]]>"): what was read
            # stays read, and the parser starts afresh for the next block.
            self._flush()
            self.reset()

    def end_block(self) -> None:
        """Markdown follows: running text read so far is a paragraph of its own."""
        self._flush()

    def close_document(self) -> None:
        """The document ended: whatever is still open is finished where it stands."""
        self._flush()
        if self.pre is not None:
            line, info, parts = self.pre
            self.builder.code(line, self._line(), info, "".join(parts))
            self.pre = None
        self._finish_table()

    def _line(self) -> int:
        return self._line_base + self.getpos()[0] - self._line_start

    def in_open(self, name: str) -> bool:
        return self.open_count.get(name, 0) > 0

    def container(self) -> tuple:
        """(container, ordered) for text read now: list items and quotes as in Markdown."""
        if self.in_open("blockquote"):
            return "blockquote", False
        if self.in_open("li"):
            return "list_item", self.in_open("ol")
        return "paragraph", False

    # --- elements --------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list) -> None:
        name = tag.lower()
        values = {key.lower(): (value or "") for key, value in attrs}
        if self.hidden:
            if name in HIDDEN and name not in VOID:
                self.hidden += 1
            return
        if name in HIDDEN:
            self.hidden = 1
            return
        if self.pre is not None:
            if name == "code" and not self.pre[1]:
                self.pre[1] = _language(values.get("class", ""))
            return
        if name in BLOCKS:
            self._flush()
        if name == "br":
            self._data(" ")
        elif name == "img":
            self._image(values.get("src", "") or _first_srcset(values.get("srcset", "")), values.get("alt", ""))
            self.picture_has_img = self.picture_has_img or self.in_open("picture")
        elif name == "source" and self.in_open("picture") and self.picture_source is None:
            self.picture_source = _first_srcset(values.get("srcset", "")) or values.get("src", "")
        elif name == "a" and "href" in values:
            href = values["href"]
            self.links.append((href, [], self._line()))
            self._current().hrefs.append(href)
        elif name in HEADINGS:
            self.heading = (HEADINGS[name], True)
        elif name == "summary":
            self.heading = (self.builder.heading_level + 1, False)
        elif name == "pre":
            self.pre = [self._line(), _language(values.get("lang", "") or values.get("class", "")), []]
        elif name == "table":
            self._finish_table()
            self.table = [self._line(), []]
        elif name == "tr" and self.table is not None:
            self._finish_row()
            self.row = []
        elif name in BOLD:
            text = self._current()
            if not text.has_text() and text.bold_lead is None:
                text.bold_open = True
        if name not in VOID:
            self._push(name)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        name = tag.lower()
        if self.hidden:
            if name in HIDDEN:
                self.hidden -= 1
            return
        if self.pre is not None:
            if name != "pre":
                return
            line, info, parts = self.pre
            self.builder.code(line, self._line(), info, "".join(parts))
            self.pre = None
            self._pop(name)
            return
        if name == "a" and self.links:
            href, parts, line = self.links.pop()
            self.builder.link(line, "".join(parts), href)
        elif name in BOLD and self.text is not None and self.text.bold_open:
            self.text.bold_open = False
            self.text.bold_lead = "".join(self.text.bold).strip() or None
        elif name == "picture":
            if not self.picture_has_img and self.picture_source:
                self._image(self.picture_source, "")
            self.picture_source, self.picture_has_img = None, False
        if name in ("td", "th"):
            self._flush_cell()
        elif name in BLOCKS:
            self._flush()
        if name in HEADINGS or name == "summary":
            self.heading = None
        if name == "tr":
            self._finish_row()
        elif name == "table":
            self._finish_table()
        self._pop(name)

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.pre is not None:
            self.pre[2].append(data)
            return
        self._data(data)

    # --- helpers ---------------------------------------------------------------------
    def _push(self, name: str) -> None:
        if len(self.stack) >= MAX_DEPTH:
            return
        self.stack.append(name)
        self.open_count[name] = self.open_count.get(name, 0) + 1

    def _pop(self, name: str) -> None:
        # Close the nearest open element of this name and everything left open inside it.
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index] == name:
                for closed in self.stack[index:]:
                    self.open_count[closed] -= 1
                del self.stack[index:]
                return

    def _current(self) -> _Text:
        if self.text is None:
            self.text = _Text(self._line())
        return self.text

    def _data(self, data: str) -> None:
        if not data:
            return
        if self.text is None and not data.strip():
            return
        if self.text is None:  # the text starts on the line of its first letter, not of the newline before it
            self.text = _Text(self._line() + data[:len(data) - len(data.lstrip())].count("\n"))
        text = self.text
        text.note_break(data)
        text.parts.append(data)
        in_code = any(self.in_open(name) for name in INLINE_CODE)
        if in_code:
            text.code.append(data)
        else:
            text.prose.append(data)
        if text.bold_open:
            text.bold.append(data)
        for _, parts, _ in self.links:
            parts.append(data)
        text.end_line = max(text.end_line, self._line() + data.rstrip().count("\n"))

    def _image(self, src: str, alt: str) -> None:
        self.builder.image(self._line(), alt, src, linked=bool(self.links))

    def _flush(self) -> None:
        text, self.text = self.text, None
        if text is None or not text.has_text():
            return
        joined = "".join(text.parts)
        if self.row is not None and (self.in_open("td") or self.in_open("th")):
            self.row.append(" ".join(joined.split()))
            return
        if self.heading is not None:
            level, real = self.heading
            self.builder.heading(joined, level, text.line, real=real)
            return
        container, ordered = self.container()
        self.builder.paragraph(text.line, text.end_line, joined, "".join(text.prose), container, ordered,
                               text.bold_lead, tuple(c.strip() for c in text.code if c.strip()), tuple(text.hrefs),
                               first_break=text.first_break)

    def _flush_cell(self) -> None:
        text, self.text = self.text, None
        if self.row is not None:
            self.row.append(" ".join("".join(text.parts).split()) if text is not None else "")
        elif text is not None and text.has_text():
            self.text = text
            self._flush()

    def _finish_row(self) -> None:
        if self.row is not None and self.table is not None and any(cell for cell in self.row):
            self.table[1].append(tuple(self.row))
        self.row = None

    def _finish_table(self) -> None:
        self._finish_row()
        if self.table is not None and self.table[1]:
            self.builder.table(self.table[0], self._line(), tuple(self.table[1]))
        self.table = None


def _language(value: str) -> str:
    for word in value.split():
        if word.startswith(("language-", "lang-")):
            return word.split("-", 1)[1]
    return value.split()[0] if value.split() and "-" not in value else ""


def _first_srcset(srcset: str) -> str:
    first = srcset.split(",")[0].strip()
    return first.split()[0] if first else ""
