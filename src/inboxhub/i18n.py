"""One language per answer: the words of an answer (``message``, ``error``) in Spanish or English.

The code writes each text once, in one language (``raise NotFound(f"Session '{sid}' not found")``,
``ok(data, "Sesión creada")``); ``i18n_catalog.py`` gives each text in both languages, with the
customer's own Spanish wording where their documents fix it. When an answer is rendered, its text
is looked up (exactly, or against the catalog's templates, whose ``{0}``… parts are carried over)
in the language of the request: the best of ``Accept-Language`` that we have, else
``INBOXHUB_LANGUAGE``. Codes and field names never change with the language.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from string import Formatter
from typing import Literal

from inboxhub.i18n_catalog import CATALOG

Language = Literal["es", "en"]
LANGUAGES: tuple[Language, ...] = ("es", "en")

# The language of the request being served (``request_context``); None outside requests.
request_language: ContextVar[Language | None] = ContextVar("language", default=None)
_default: list[Language] = ["es"]


def negotiate(header: str | None, default: Language) -> Language:
    """The best language of an ``Accept-Language`` header that we have (q-values honoured; on
    equal weights the one listed first)."""
    choices: list[tuple[float, int, Language]] = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        code = tag.strip().lower().split("-")[0]
        if code not in LANGUAGES:
            continue
        quality = 1.0
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                continue
        if quality > 0:
            choices.append((-quality, position, code))
    return min(choices)[2] if choices else default


def current() -> Language:
    return request_language.get() or _default[0]


@dataclass(frozen=True)
class _Template:
    pattern: re.Pattern[str]
    fields: tuple[int, ...]
    texts: tuple[str, str]  # es, en (format strings)


def _compile(source: str) -> tuple[re.Pattern[str], tuple[int, ...]]:
    parts, fields = [], []
    for literal, field, _, _ in Formatter().parse(source):
        parts.append(re.escape(literal))
        if field is not None:
            parts.append("(.*?)")
            fields.append(int(field))
    return re.compile("".join(parts) + r"\Z", re.S), tuple(fields)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, tuple[str, str]], list[_Template]]:
    exact: dict[str, tuple[str, str]] = {}
    templates: list[_Template] = []
    for source, texts in CATALOG.items():
        if re.search(r"(?<!\{)\{\d+\}", source.replace("{{", "").replace("}}", "")):
            pattern, fields = _compile(source)
            templates.append(_Template(pattern, fields, texts))
        else:
            plain = source.replace("{{", "{").replace("}}", "}")
            exact[plain] = (
                texts[0].replace("{{", "{").replace("}}", "}"),
                texts[1].replace("{{", "{").replace("}}", "}"),
            )
    # The most specific first: more literal text wins over a looser template.
    templates.sort(key=lambda t: -len(t.pattern.pattern))
    return exact, templates


def translate(text: str | None, language: Language | None = None) -> str | None:
    """``text`` in ``language`` (default: the request's); unknown texts are returned as they are."""
    if not text:
        return text
    return _translated(text, LANGUAGES.index(language or current()), 0)


# A text not said word for word in the catalog is matched against every template in turn, which
# made a refused request (a 400) cost a sixth more than its whole answer; the texts a gateway
# says are few and repeat, so each is matched once. Bounded: a text may carry a client's value.
@lru_cache(maxsize=4096)
def _translated(text: str, index: int, depth: int) -> str:
    exact, templates = _tables()
    found = exact.get(text)
    if found is not None:
        return found[index]
    if text.startswith("Value error, "):  # a validator's own words, as pydantic words them
        return _translated(text[len("Value error, ") :], index, depth)
    for template in templates:
        match = template.pattern.match(text)
        if match:
            values = [match.group(i + 1) for i in range(len(template.fields))]
            by_field = dict(zip(template.fields, values, strict=True))
            # A value that is itself a known text (a fragment, a validator's words) is said in
            # the same language; one level deep is enough for how messages are composed.
            args = [
                _translated(by_field[i], index, depth + 1)
                if depth < 1 and by_field[i]
                else by_field[i]
                for i in range(len(by_field))
            ]
            return template.texts[index].format(*args)
    return text


def set_default(language: Language) -> None:
    _default[0] = language


def language_of(accept_language: str | None) -> Language:
    """The language of a request with this ``Accept-Language`` header (None: the gateway's)."""
    default = _default[0]  # the gateway's language (``set_default``)
    return negotiate(accept_language, default) if accept_language else default
