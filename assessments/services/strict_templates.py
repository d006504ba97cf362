"""Rendering account managers' email templates strictly: a mistake is an error, never a blank.

Django's template language forgives by design: an unknown variable renders as an empty string.
For an email that goes to a candidate, that would send "Hi ," or a button without a link, so
here every mistake raises TemplateError naming what is wrong and where:

- syntax errors (an unclosed {% if %}, an unknown tag or filter);
- an unknown variable, also inside {% if %} or {% for %}: StrictContext raises on lookup;
- an unknown attribute of a known variable ({{ expires_at.nope }}): Django swallows that one even
  in a strict context, so it renders as a sentinel the output is then searched for.

The templates see only the plain values they are given (strings and datetimes), never a model
instance, so no template can reach data it was not meant to have (such as secret fields).
"""

import re
from collections.abc import Mapping
from typing import Any

from django.template import Context, Engine, TemplateDoesNotExist, TemplateSyntaxError

# \x00 cannot come from a template or a value a person typed, so it cannot be mistaken.
_INVALID = "\x00invalid:%s\x00"
_INVALID_PATTERN = re.compile("\x00invalid:(.*?)\x00")

# Built-in tags and filters only (libraries={}), no template loaders: {% load %}, {% include %}
# and {% extends %} fail rather than reach files. debug=True records the line of each error.
_ENGINE = Engine(debug=True, string_if_invalid=_INVALID, libraries={}, loaders=[])


class TemplateError(ValueError):
    """A template that cannot be rendered; the message names the problem for an account manager."""


class UnknownVariable(Exception):
    # Not a KeyError: Django's lookup catches those and renders an empty string instead.
    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


class StrictContext(Context):
    """A context that raises UnknownVariable for a name it does not hold."""

    def __getitem__(self, key: str) -> Any:
        for values in reversed(self.dicts):
            if key in values:
                return values[key]
        raise UnknownVariable(key)


def _line(exc: Exception) -> str:
    info = getattr(exc, "template_debug", None)
    return f" (line {info['line']})" if info and info.get("line") else ""


def render_strictly(source: str, values: Mapping[str, Any], *, part: str, autoescape: bool) -> str:
    """Render `source` with exactly `values`; `part` names it in errors ("Subject", "HTML body").

    Returns the rendered text. Raises TemplateError for a syntax error, an unknown variable or
    attribute, or any other failure while rendering.
    """
    known = ", ".join(values)
    try:
        output = _ENGINE.from_string(source).render(StrictContext(dict(values), autoescape=autoescape))
    except UnknownVariable as exc:
        raise TemplateError(f'{part}: unknown variable "{exc.name}"{_line(exc)}. The variables are: {known}.') from exc
    except TemplateSyntaxError as exc:
        message = " ".join(str(exc).split())
        if "is not a registered tag library" in message:
            message = "{% load %} is not available, only Django's built-in tags and filters are"
        where = "" if "line" in message else _line(exc)
        raise TemplateError(f"{part}: {message}{where}") from exc
    except TemplateDoesNotExist as exc:
        raise TemplateError(f"{part}: templates cannot include or extend other templates ({exc}).") from exc
    except Exception as exc:  # a filter given nonsense, say: still the template's fault, not ours
        raise TemplateError(f"{part}: {type(exc).__name__}: {exc}{_line(exc)}.") from exc
    invalid = _INVALID_PATTERN.search(output)
    if invalid:
        raise TemplateError(f'{part}: unknown variable "{invalid.group(1)}". The variables are: {known}.')
    return output
