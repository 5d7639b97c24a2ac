"""No function in the page's modules is longer than a screen: a longer one is two ideas (docs/STYLE: seams).

`python -m tests.web.test_function_length` lists every function over the limit with its length. The scan is plain
text: strings, template literals, comments and regular expressions are blanked, then each `{` that opens a
function body (after `=>`, or after the `)` of a parameter list that follows `function`, a method name or an
accessor) is matched to its `}`. A function's length counts its lines from the opening brace to the closing one.
Pure declarative tables (a function that only returns a literal list of controls) may be longer; they are named.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "web"
MAX_LINES = 80
# (file relative to web/, function name): the settings panels' declarative tables of controls
DATA_TABLES = {("views/controls.js", "layout"), ("digits/views/settings.js", "layout")}
NOT_FUNCTIONS = {"if", "for", "while", "switch", "catch", "with"}
# after one of these, a `/` starts a regular expression rather than dividing
REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^") | {""}
REGEX_KEYWORDS = {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw"}


@dataclass(frozen=True)
class Function:
    path: str
    name: str
    line: int
    length: int


def blank_literals(source: str) -> str:
    """The source with the insides of strings, templates, comments and regexes as spaces (newlines kept)."""
    out = list(source)
    i, n = 0, len(source)

    def blank(start: int, end: int) -> None:
        for j in range(start, min(end, n)):
            if out[j] != "\n":
                out[j] = " "

    def previous_token(at: int) -> str:
        j = at - 1
        while j >= 0 and out[j].isspace():
            j -= 1
        if j < 0:
            return ""
        if out[j].isalnum() or out[j] in "_$":
            k = j
            while k >= 0 and (out[k].isalnum() or out[k] in "_$"):
                k -= 1
            return source[k + 1 : j + 1]
        return out[j]

    def skip_template(at: int) -> int:
        """From just after a backtick to just after its closing one (expressions inside count as text)."""
        j, depth = at, 0
        while j < n:
            c = source[j]
            if c == "\\":
                j += 2
                continue
            if depth == 0 and c == "`":
                return j + 1
            if c == "$" and j + 1 < n and source[j + 1] == "{":
                depth += 1
                j += 2
                continue
            if depth and c == "}":
                depth -= 1
            elif depth and c == "`":
                j = skip_template(j + 1)
                continue
            elif depth and c in "'\"":
                j = skip_string(j + 1, c)
                continue
            j += 1
        return n

    def skip_string(at: int, quote: str) -> int:
        j = at
        while j < n and source[j] != quote and source[j] != "\n":
            j += 2 if source[j] == "\\" else 1
        return j + 1

    while i < n:
        c = source[i]
        two = source[i : i + 2]
        if two == "//":
            end = source.find("\n", i)
            end = n if end < 0 else end
        elif two == "/*":
            end = source.find("*/", i + 2)
            end = n if end < 0 else end + 2
        elif c in "'\"":
            end = skip_string(i + 1, c)
        elif c == "`":
            end = skip_template(i + 1)
        elif c == "/" and (previous_token(i) in REGEX_AFTER or previous_token(i) in REGEX_KEYWORDS):
            j, in_class = i + 1, False
            while j < n and source[j] != "\n":
                if source[j] == "\\":
                    j += 2
                    continue
                if source[j] == "[":
                    in_class = True
                elif source[j] == "]":
                    in_class = False
                elif source[j] == "/" and not in_class:
                    break
                j += 1
            end = j + 1
        else:
            i += 1
            continue
        if two in ("//", "/*"):
            blank(i, end)
        else:
            blank(i + 1, end - 1)  # the delimiters stay, so a string still reads as a value
        i = end
    return "".join(out)


def _word_before(text: str, at: int) -> tuple[str, int]:
    j = at - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    k = j
    while k >= 0 and (text[k].isalnum() or text[k] in "_$"):
        k -= 1
    return text[k + 1 : j + 1], k + 1


def _matching(text: str, at: int, opening: str, closing: str, step: int) -> int:
    depth = 0
    j = at
    while 0 <= j < len(text):
        if text[j] == opening:
            depth += 1
        elif text[j] == closing:
            depth -= 1
            if depth == 0:
                return j
        j += step
    return -1


def _function_name(text: str, brace: int) -> str | None:
    """The name of the function whose body opens at `brace`, "" for an anonymous one, None for a non-function."""
    j = brace - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    if text[j - 1 : j + 1] == "=>":
        head = j - 1
        before = head - 1
        while before >= 0 and text[before].isspace():
            before -= 1
        if text[before] == ")":
            head = _matching(text, before, ")", "(", -1)
        else:
            _, head = _word_before(text, head)
        word, start = _word_before(text, head)
        if word != "async":
            start = head
        m = re.search(r"([A-Za-z_$][\w$]*)\s*[:=]\s*$", text[max(0, start - 200) : start])
        return m.group(1) if m else ""
    if text[j] != ")":
        return None
    opening = _matching(text, j, ")", "(", -1)
    word, _ = _word_before(text, opening)
    if word in NOT_FUNCTIONS:
        return None
    if word == "function":
        m = re.search(r"([A-Za-z_$][\w$]*)\s*[:=]\s*(async\s+)?function\s*$", text[max(0, opening - 200) : opening])
        return m.group(1) if m else ""
    return word if word else None


def functions_in(path: Path) -> list[Function]:
    source = path.read_text(encoding="utf-8")
    text = blank_literals(source)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(offset: int) -> int:
        lo, hi = 0, len(line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    found = []
    relative = path.relative_to(WEB).as_posix()
    for brace in (m.start() for m in re.finditer(r"\{", text)):
        name = _function_name(text, brace)
        if name is None:
            continue
        end = _matching(text, brace, "{", "}", 1)
        start_line = line_of(brace)
        found.append(Function(relative, name or "(anonymous)", start_line, line_of(end) - start_line + 1))
    return found


def page_modules() -> list[Path]:
    return sorted(p for p in WEB.rglob("*.js") if "vendor" not in p.relative_to(WEB).parts)


def too_long() -> list[Function]:
    return [
        f
        for path in page_modules()
        for f in functions_in(path)
        if f.length > MAX_LINES and (f.path, f.name) not in DATA_TABLES
    ]


def test_scanner_finds_each_kind_of_function(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "WEB", tmp_path)
    sample = tmp_path / "sample.js"
    sample.write_text(
        "const text = `a ${`b { ${'}'}`} {`; // { comment\n"
        "/* { */ const re = /[{]\\//g;\n"
        "export function plain(a) {\n  if (a) {\n    return 1;\n  }\n}\n"
        "const arrow = (x) => {\n  return x;\n};\n"
        "const view = {\n  method(y) {\n    return y / 2;\n  },\n  get size() {\n    return 3;\n  },\n};\n"
        "const single = async y => {\n  await y;\n};\n"
    )
    names = {(f.name, f.line, f.length) for f in functions_in(sample)}
    assert names == {("plain", 3, 5), ("arrow", 8, 3), ("method", 12, 3), ("size", 15, 3), ("single", 19, 3)}


def test_no_function_is_longer_than_a_screen():
    long = [f"{f.path}:{f.line} {f.name} ({f.length} lines)" for f in too_long()]
    assert not long, f"functions over {MAX_LINES} lines (split each into named parts): {long}"


def test_the_allowed_tables_still_exist():
    present = {(f.path, f.name) for path in page_modules() for f in functions_in(path)}
    assert present >= DATA_TABLES, "an allowed table was renamed or removed: update DATA_TABLES"


if __name__ == "__main__":
    for path in page_modules():
        for f in sorted(functions_in(path), key=lambda f: -f.length):
            if f.length > int(sys.argv[1] if len(sys.argv) > 1 else MAX_LINES):
                print(f"{f.length:4d}  {f.path}:{f.line} {f.name}")
