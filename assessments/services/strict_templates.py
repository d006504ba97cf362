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

Nor can a template keep a worker busy or fill its memory, whoever wrote it: each part renders at
most MAX_OUTPUT characters in at most MAX_STEPS steps (a node rendered, a loop's turn), every
filter's result is held to MAX_OUTPUT, the filters that pad or repeat in one call (ljust, center,
stringformat, floatformat, join) are checked before they run, and {% lorem %} and {% debug %} are
not available. Such a template is a broken template like any other.
"""

import functools
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.template import Context, Engine, Library, Node, TemplateDoesNotExist, TemplateSyntaxError

# \x00 cannot come from a template or a value a person typed, so it cannot be mistaken.
_INVALID = "\x00invalid:%s\x00"
_INVALID_PATTERN = re.compile("\x00invalid:(.*?)\x00")

# An email is a few kilobytes; a hundred times that is a template gone wrong, not a long letter.
MAX_OUTPUT = 100_000  # characters per part (subject, plain text, HTML)
# A generous email template takes a few hundred; a loop inside a loop takes millions.
MAX_STEPS = 50_000
# No email pads a word to more characters than this, or shows more decimal places.
MAX_WIDTH = 1_000
_NUMBER = re.compile(r"\d+")

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


class TooLarge(Exception):
    """The template asks for more output or work than an email needs; the message says which."""


class Budget:
    """What one part may still spend while it renders: steps and characters of output."""

    def __init__(self) -> None:
        self.steps = MAX_STEPS
        self.chars = MAX_OUTPUT

    def step(self) -> None:
        self.steps -= 1
        if self.steps < 0:
            raise TooLarge("it takes too many steps to render (a loop inside a loop?)")

    def output(self, chars: int) -> None:
        self.chars -= chars
        if self.chars < 0:
            raise TooLarge(f"it renders more than {MAX_OUTPUT:,} characters")


class StrictContext(Context):
    """A context that raises UnknownVariable for a name it does not hold, and spends a step of its
    budget on every variable a loop sets (each turn of {% for %} sets one)."""

    def __init__(self, values: dict[str, Any], *, autoescape: bool):
        super().__init__(values, autoescape=autoescape)
        self.budget = Budget()

    def __getitem__(self, key: str) -> Any:
        for values in reversed(self.dicts):
            if key in values:
                return values[key]
        raise UnknownVariable(key)

    def __setitem__(self, key: str, value: Any) -> None:
        self.budget.step()
        super().__setitem__(key, value)

    def update(self, other_dict):
        self.budget.step()
        return super().update(other_dict)


def _metered(node: Node, *, counts_output: bool) -> Callable[[Context], str]:
    """The node's render_annotated, spending a step and, when the node has no nodes inside, its
    output (the nodes around it join or transform what those render: each character counts once)."""
    render = node.render_annotated  # TextNode's skips render(), so this is the one to wrap

    def render_within_budget(context: Context) -> str:
        try:
            context.budget.step()
            output = render(context)
            if counts_output and isinstance(output, str):
                context.budget.output(len(output))
        except TooLarge as exc:
            if not hasattr(exc, "template_debug") and node.token is not None:
                exc.template_debug = {"line": node.token.lineno}  # as Django records a node's error
            raise
        return output

    return render_within_budget


@functools.lru_cache(maxsize=256)
def _compiled(source: str):
    """The template of `source`, metered, compiled once per process rather than for every email:
    an organization's template rarely changes, and every invitation renders one. Rendering a
    compiled template is thread-safe (the worker runs tasks in threads): Django keeps per-render
    state in the context, as does the budget. An edited template is another source, so it is
    compiled afresh."""
    template = _ENGINE.from_string(source)
    _meter(template)
    return template


def _meter(template) -> None:
    for node in template.nodelist.get_nodes_by_type(Node):
        has_nodes_inside = any(getattr(node, name, None) for name in node.child_nodelists)
        node.render_annotated = _metered(node, counts_output=not has_nodes_inside)


def _refuse_wide(name: str, given: Any, numbers: list[int]) -> None:
    if any(number > MAX_WIDTH for number in numbers):
        raise TooLarge(f'the filter "{name}" is given {given}, more than the {MAX_WIDTH:,} an email can use')


def _check_width_argument(name: str, value: Any, *args: Any) -> None:
    # ljust, rjust, center: "5000000" pads to five million characters in one call.
    # stringformat: "%5000000s" or "%.5000000f" does the same.
    for arg in args:
        _refuse_wide(name, arg, [int(n) if len(n) < 10 else MAX_WIDTH + 1 for n in _NUMBER.findall(str(arg))])


def _check_floatformat(name: str, value: Any, *args: Any) -> None:
    _check_width_argument(name, value, *args)
    try:  # the value's exponent becomes digits too: "1e200000" is a 1 and 200,000 zeros
        exponent = Decimal(str(value)).adjusted()
    except (InvalidOperation, ValueError):
        return
    _refuse_wide(name, value, [abs(exponent)])


def _size(value: Any, limit: int = MAX_OUTPUT) -> int:
    """The characters of a string, or of the strings in a list, counted up to just past `limit`.
    A list may hold one string many times ("add" makes [a, a] of [a]): each time counts."""
    if isinstance(value, str):
        return len(value)
    if not isinstance(value, list | tuple):
        return 0
    total = len(value)
    for item in value:
        if total > limit:
            break
        total += _size(item, limit - total)
    return total


def _check_join(name: str, value: Any, *args: Any) -> None:
    # Every item of the list gets the separator: a thousand items joined with a thousand characters.
    if not args or not isinstance(value, str | list | tuple):
        return
    if _size(value) + len(value) * len(str(args[0])) > MAX_OUTPUT:
        raise TooLarge(f'the filter "{name}" would make more than {MAX_OUTPUT:,} characters')


_CHECK_BEFORE = {
    "ljust": _check_width_argument,
    "rjust": _check_width_argument,
    "center": _check_width_argument,
    "stringformat": _check_width_argument,
    "floatformat": _check_floatformat,
    "join": _check_join,
}


def _bounded_filter(name: str, function: Callable) -> Callable:
    check = _CHECK_BEFORE.get(name)

    # wraps() keeps is_safe, needs_autoescape and the argument count Django's parser checks.
    @functools.wraps(function)
    def bounded(value, *args, **kwargs):
        if check:
            check(name, value, *args)
        result = function(value, *args, **kwargs)
        # A result grows by at most a few times its input, except in filters chained to double it
        # again and again (addslashes, pprint): each link is checked before the next one runs.
        if _size(result) > MAX_OUTPUT:
            raise TooLarge(f'the filter "{name}" makes more than {MAX_OUTPUT:,} characters')
        return result

    return bounded


def _not_available(parser, token):
    raise TemplateSyntaxError(f"{{% {token.split_contents()[0]} %}} is not available in emails")


def _email_library() -> Library:
    """Django's built-in tags and filters, bounded as the module's docstring says."""
    library = Library()
    for builtin in _ENGINE.template_builtins:
        library.tags.update(builtin.tags)
        library.filters.update({name: _bounded_filter(name, f) for name, f in builtin.filters.items()})
    # {% lorem 100000000 %} writes that many words in one go; {% debug %} dumps the context.
    library.tags.update(lorem=_not_available, debug=_not_available)
    return library


_ENGINE.template_builtins = [_email_library()]


def _line(exc: Exception) -> str:
    info = getattr(exc, "template_debug", None)
    return f" (line {info['line']})" if info and info.get("line") else ""


def render_strictly(source: str, values: Mapping[str, Any], *, part: str, autoescape: bool) -> str:
    """Render `source` with exactly `values`; `part` names it in errors ("Subject", "HTML body").

    Returns the rendered text. Raises TemplateError for a syntax error, an unknown variable or
    attribute, a template that renders too much (see the module's docstring), or any other
    failure while rendering.
    """
    known = ", ".join(values)
    try:
        template = _compiled(source)
        output = template.render(StrictContext(dict(values), autoescape=autoescape))
    except TooLarge as exc:
        raise TemplateError(f"{part}: {exc}{_line(exc)}.") from exc
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
    if len(output) > MAX_OUTPUT:  # the nodes around the counted ones may have grown it
        raise TemplateError(f"{part}: it renders more than {MAX_OUTPUT:,} characters.")
    invalid = _INVALID_PATTERN.search(output)
    if invalid:
        raise TemplateError(f'{part}: unknown variable "{invalid.group(1)}". The variables are: {known}.')
    return output
