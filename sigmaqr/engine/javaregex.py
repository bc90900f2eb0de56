"""Translate Java (``java.util.regex``) regular expressions into Python ``re`` patterns.

AQL ``MATCHES`` and ``IMATCHES`` take Java regular expressions. The translation keeps Java's
meaning where the two dialects differ:

* ``(?<name>x)`` and ``\\k<name>`` become ``(?P<name>x)`` and ``(?P=name)``;
* ``\\z`` is Python's ``\\Z``; Java's ``\\Z`` (end, or before a final line terminator) is
  spelled out;
* ``.`` does not match any Java line terminator (``\\n \\r \\u0085 \\u2028 \\u2029``) unless
  DOTALL (``(?s)``) is on;
* inline flags anywhere (``a(?i)b``) apply to the rest of their group, as in Java;
* ``\\h \\H \\v \\V \\R \\e \\cX \\0oct \\x{h..h} \\Q..\\E`` and the POSIX
  ``\\p{Alpha}``-style classes are rewritten;
* possessive quantifiers and atomic groups are kept (Python 3.11 has them);
* ``\\w \\d \\s \\b`` and case-insensitivity are ASCII-only unless ``(?u)``/``(?U)`` is given, as
  Java's defaults are.

Constructs without a faithful translation (``\\G``, ``\\X``, Unicode ``\\p{L}`` categories, class
intersection ``&&``, nested class unions) raise :class:`EngineError` naming the construct.
"""

from __future__ import annotations

import functools
import re
import sys

import attrs

from sigmaqr.engine.errors import EngineError

__all__ = ["compile_java", "translate"]

_LINE_TERMINATORS = "\\n\\r\\x85\\u2028\\u2029"
_JAVA_DOT = f"[^{_LINE_TERMINATORS}]"
_JAVA_BIG_Z = f"(?=(?:\\r\\n|[{_LINE_TERMINATORS}])?\\Z)"
_HSPACE = " \\t\\xa0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000"
_VSPACE = "\\n\\x0b\\f\\r\\x85\\u2028\\u2029"
_POSIX = {
    "Lower": "a-z",
    "Upper": "A-Z",
    "ASCII": "\\x00-\\x7f",
    "Alpha": "a-zA-Z",
    "Digit": "0-9",
    "Alnum": "a-zA-Z0-9",
    "Punct": "!-/:-@\\[-`{-~",
    "Graph": "!-~",
    "Print": " -~",
    "Blank": " \\t",
    "Cntrl": "\\x00-\\x1f\\x7f",
    "XDigit": "0-9a-fA-F",
    "Space": " \\t\\n\\x0b\\f\\r",
    "javaLowerCase": "a-z",
    "javaUpperCase": "A-Z",
    "javaWhitespace": " \\t\\n\\x0b\\f\\r\\x1c-\\x1f",
}
_FLAG_MAP = {"i": "i", "m": "m", "s": "s", "x": "x", "u": "u", "U": "u", "d": ""}
_QUANTIFIER_END = frozenset("*+?}")


@attrs.define
class _Group:
    """An open group: how many scoped-flag groups to close with it, and whether DOTALL is on."""

    dotall: bool
    closes: int = 0


class _Translator:
    """A single left-to-right pass over a Java pattern."""

    def __init__(self, pattern: str) -> None:
        self.src = pattern
        self.pos = 0
        self.out: list[str] = []
        self.stack: list[_Group] = [_Group(dotall=False)]
        self.unicode = False

    def fail(self, construct: str) -> EngineError:
        return EngineError(
            f"Java regular expression {self.src!r}: {construct} is not supported by the engine"
        )

    def peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.src[index] if index < len(self.src) else ""

    def run(self) -> str:
        while self.pos < len(self.src):
            self.step()
        self.out.append(")" * self.stack[0].closes)
        return "".join(self.out)

    def step(self) -> None:
        char = self.peek()
        if char == "\\":
            self.out.append(self.escape(in_class=False))
        elif char == "[":
            self.out.append(self.char_class())
        elif char == "(":
            self.open_group()
        elif char == ")":
            self.close_group()
        elif char == ".":
            self.pos += 1
            self.out.append("[\\s\\S]" if self.stack[-1].dotall else _JAVA_DOT)
        elif char == "+" and self.out and self.out[-1][-1:] in _QUANTIFIER_END:
            self.require_311("possessive quantifier")
            self.pos += 1
            self.out.append("+")
        else:
            self.pos += 1
            self.out.append(char)

    def require_311(self, construct: str) -> None:
        if sys.version_info < (3, 11):
            raise self.fail(f"{construct} (needs Python 3.11)")

    # -- groups and inline flags -----------------------------------------------------------

    def open_group(self) -> None:
        rest = self.src[self.pos :]
        named = re.match(r"\(\?<([A-Za-z][A-Za-z0-9]*)>", rest)
        flags = re.match(r"\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])", rest)
        dotall = self.stack[-1].dotall
        if named:
            self.out.append(f"(?P<{named.group(1)}>")
            self.pos += named.end()
        elif flags and (flags.group(1) or flags.group(2) is not None):
            self.inline_flags(flags.group(1), flags.group(2) or "", flags.group(3) == ")")
            self.pos += flags.end()
            return
        else:
            prefix = re.match(r"\((?:\?(?:<[=!]|[:=!>]))?", rest)
            assert prefix is not None
            if prefix.group() == "(?>":
                self.require_311("atomic group")
            self.out.append(prefix.group())
            self.pos += prefix.end()
        self.stack.append(_Group(dotall=dotall))

    def inline_flags(self, on: str, off: str, bare: bool) -> None:
        for letter in on + off:
            if letter not in _FLAG_MAP:
                raise self.fail(f"inline flag {letter!r}")
        if "u" in on or "U" in on:
            self.unicode = True
        py_on = "".join(dict.fromkeys(_FLAG_MAP[c] for c in on if _FLAG_MAP[c]))
        py_off = "".join(dict.fromkeys(_FLAG_MAP[c] for c in off if _FLAG_MAP[c] not in ("", "u")))
        dotall = ("s" in on) or (self.stack[-1].dotall and "s" not in off)
        spec = py_on + (f"-{py_off}" if py_off else "")
        self.out.append(f"(?{spec}:" if spec else "(?:")
        if bare:
            self.stack[-1].closes += 1
            self.stack[-1].dotall = dotall
        else:
            self.stack.append(_Group(dotall=dotall))

    def close_group(self) -> None:
        self.pos += 1
        if len(self.stack) == 1:
            raise EngineError(f"Java regular expression {self.src!r}: unbalanced ')'")
        group = self.stack.pop()
        self.out.append(")" * group.closes + ")")

    # -- character classes -----------------------------------------------------------------

    def char_class(self) -> str:
        self.pos += 1
        parts = ["["]
        if self.peek() == "^":
            parts.append("^")
            self.pos += 1
        first = True
        while True:
            char = self.peek()
            if not char:
                raise EngineError(f"Java regular expression {self.src!r}: unclosed character class")
            if char == "]" and not first:
                self.pos += 1
                return "".join(parts) + "]"
            if char == "[":
                raise self.fail("a nested character class (class union)")
            if char == "&" and self.peek(1) == "&":
                raise self.fail("character class intersection '&&'")
            if char == "\\":
                parts.append(self.escape(in_class=True))
            else:
                parts.append("\\]" if char == "]" else char)
                self.pos += 1
            first = False

    # -- escapes ---------------------------------------------------------------------------

    def escape(self, in_class: bool) -> str:
        letter = self.peek(1)
        self.pos += 2
        if not letter:
            raise EngineError(f"Java regular expression {self.src!r}: trailing backslash")
        if letter == "Q":
            return self.quoted(in_class)
        if letter in "pP":
            return self.property_class(letter == "P", in_class)
        simple = self.simple_escape(letter, in_class)
        if simple is not None:
            return simple
        if letter == "c":
            control = self.peek()
            self.pos += 1
            return f"\\x{ord(control) ^ 64:02x}"
        if letter == "0":
            return self.octal()
        if letter == "x" and self.peek() == "{":
            end = self.src.index("}", self.pos)
            code = int(self.src[self.pos + 1 : end], 16)
            self.pos = end + 1
            return f"\\U{code:08x}"
        if letter == "k" and self.peek() == "<":
            end = self.src.index(">", self.pos)
            name = self.src[self.pos + 1 : end]
            self.pos = end + 1
            return f"(?P={name})"
        return "\\" + letter

    def simple_escape(self, letter: str, in_class: bool) -> str | None:
        if letter in "GX":
            raise self.fail(f"'\\{letter}'")
        table = {"e": "\\x1b", "a": "\\x07"}
        if in_class:
            table |= {"h": _HSPACE, "v": _VSPACE}
            if letter in "HVR":
                raise self.fail(f"'\\{letter}' inside a character class")
        else:
            table |= {
                "z": "\\Z",
                "Z": _JAVA_BIG_Z,
                "h": f"[{_HSPACE}]",
                "H": f"[^{_HSPACE}]",
                "v": f"[{_VSPACE}]",
                "V": f"[^{_VSPACE}]",
                "R": f"(?:\\r\\n|[{_VSPACE}])",
            }
        return table.get(letter)

    def quoted(self, in_class: bool) -> str:
        end = self.src.find("\\E", self.pos)
        text = self.src[self.pos :] if end < 0 else self.src[self.pos : end]
        self.pos = len(self.src) if end < 0 else end + 2
        if in_class:
            return "".join("\\" + c if c in "\\]^-[" else c for c in text)
        return re.escape(text)

    def octal(self) -> str:
        digits = re.match(r"[0-3]?[0-7]{1,2}", self.src[self.pos :])
        if digits is None:
            raise EngineError(f"Java regular expression {self.src!r}: bad octal escape '\\0'")
        self.pos += digits.end()
        return f"\\x{int(digits.group(), 8):02x}"

    def property_class(self, negated: bool, in_class: bool) -> str:
        if self.peek() == "{":
            end = self.src.index("}", self.pos)
            name = self.src[self.pos + 1 : end]
            self.pos = end + 1
        else:
            name = self.peek()
            self.pos += 1
        body = _POSIX.get(name.removeprefix("Is"))
        if body is None:
            raise self.fail(f"Unicode property class '\\p{{{name}}}'")
        if in_class:
            if negated:
                raise self.fail(f"negated class '\\P{{{name}}}' inside a character class")
            return body
        return f"[^{body}]" if negated else f"[{body}]"


def translate(pattern: str) -> tuple[str, bool]:
    """Translate a Java regular expression into Python syntax.

    Args:
        pattern: The Java regular expression.

    Returns:
        The Python pattern and whether it asked for Unicode semantics (``(?u)``/``(?U)``).

    Raises:
        EngineError: The pattern uses a construct without a faithful translation.
    """
    translator = _Translator(pattern)
    return translator.run(), translator.unicode


@functools.lru_cache(maxsize=4096)
def compile_java(pattern: str, ignore_case: bool = False) -> re.Pattern[str]:
    """Compile a Java regular expression for full-value matching (use ``fullmatch``).

    Args:
        pattern: The Java regular expression.
        ignore_case: Match case-insensitively (``IMATCHES``), ASCII-only as Java's default.

    Raises:
        EngineError: The pattern is invalid or uses an unsupported construct.
    """
    python, unicode = translate(pattern)
    flags = (0 if unicode else re.ASCII) | (re.IGNORECASE if ignore_case else 0)
    try:
        return re.compile(python, flags)
    except re.error as error:
        raise EngineError(f"invalid regular expression {pattern!r}: {error}") from None
