"""PyYAML's complaints in an editor's words, at the line where the mistake is."""
from __future__ import annotations

import re

import yaml

from .errors import ContentError
from .messages import N_

SYNTAX_HINT = N_("check indentation, colons and quotes")
REFERENCE = (N_("YAML references (&name / *name) are not allowed here"),
             N_('write the value out; a text that starts with * or & goes in quotes: "*…*"'))
MERGE = (N_("YAML merge keys (<<) are not allowed here"), N_("write the keys out"))

# (a word of PyYAML's context or problem, whether the context mark is where the editor went wrong, message, hint).
# The context mark is where an unclosed quote or bracket was opened: the scanner gives up far below it.
SYNTAX = (
    ("escape", False, N_("YAML syntax error: a backslash in double quotes starts an unknown escape"),
     N_("write \\\\ for a backslash, or use single quotes")),
    ("quoted scalar", True, N_("YAML syntax error: a text in quotes is never closed"),
     N_("end it with the same quote mark it starts with")),
    ("simple key", True, N_("YAML syntax error: this line has no ':' after its key"), N_("write it as 'key: value'")),
    ("flow sequence", True, N_("YAML syntax error: the list opened with '[' on this line is not closed"),
     N_("end it with ']' and put commas between the items")),
    ("flow mapping", True, N_("YAML syntax error: the '{' on this line is not closed"),
     N_("end it with '}' and put commas between the entries")),
    ("mapping values", False, N_("YAML syntax error: a value contains ': '"),
     N_('put the value in quotes: key: "…: …"')),
    ("alphabetic or numeric", False, N_("YAML syntax error: a text that starts with * or & must be in quotes"),
     N_('put it in quotes: fi: "**…** …"')),
    ("another document", False, N_("YAML syntax error: the file has a second '---' part"),
     N_("remove the extra '---' line")),
    ("block mapping|block collection", False, N_("YAML syntax error: the indentation does not match the lines above"),
     N_("indent keys of the same level equally and start list items with '- '")),
)


def syntax_error(exc: yaml.MarkedYAMLError, text: str, shown: str, first_line: int) -> ContentError:
    """The one line for a YAML syntax error, in plain words, at the line the editor should look at."""
    context, problem = exc.context or "", exc.problem or ""
    mark = exc.problem_mark or exc.context_mark
    message, hint, values = N_("YAML syntax error: {problem}"), SYNTAX_HINT, {"problem": problem or context or "invalid YAML"}
    if "cannot start any token" in problem:
        message, hint, values = _bad_start(text, mark)
    elif re.search("block mapping|block collection", context) and _inside_line(text, mark):
        message, hint, values = (N_("YAML syntax error: the text goes on after its closing quote"),
                                 N_("put the whole text in quotes; inside single quotes write an apostrophe twice: "
                                    "'Finland''s'"), {})
    else:
        for words, at_context, plain, plain_hint in SYNTAX:
            if re.search(words, f"{context}\n{problem}"):
                mark = exc.context_mark if at_context and exc.context_mark else mark
                message, hint, values = plain, plain_hint, {}
                break
    line = mark.line + first_line if mark else first_line
    return ContentError(shown, line, message, hint, tuple(values.items()))


def _inside_line(text: str, mark) -> bool:
    """True if the reader stopped after something on the line, not at its start (a wrong indentation)."""
    lines = text.split("\n")
    return bool(mark) and mark.line < len(lines) and lines[mark.line][:mark.column].strip() != ""


def _bad_start(text: str, mark) -> tuple[str, str, dict]:
    """libyaml does not name the character, so read it from the text."""
    lines = text.split("\n")
    char = lines[mark.line][mark.column] if mark and mark.line < len(lines) and mark.column < len(lines[mark.line]) else ""
    if char == "\t":
        return N_("YAML syntax error: a tab character in the indentation"), N_("indent with spaces, not tabs"), {}
    return (N_("YAML syntax error: a value cannot start with '{char}'"), N_('put the value in quotes: key: "{char}…"'),
            {"char": char})


NOT_A = {"int": N_("'{value}' is not a whole number"), "float": N_("'{value}' is not a number"),
         "bool": N_("'{value}' is not true or false"), "binary": N_("'{value}' is not base64 data"),
         "null": N_("'{value}' is not empty")}
TAG_HINT = N_("remove it: write plain text, numbers, dates or true/false")


def value_problem(node: yaml.Node, exc: Exception) -> tuple[str, str, tuple]:
    """(message, hint, their values) for a value PyYAML read but could not turn into a date, number or text."""
    value, tag = str(node.value), node.tag
    values = (("value", value), ("tag", _short(tag)))
    if tag == "tag:yaml.org,2002:timestamp":
        if re.match(r"^0000-", value):
            return N_("the date {value} does not exist"), N_("years start from 0001; write dates as 2026-11-29"), values
        if re.match(r"^\d{4}-\d\d?-\d\d?$", value):
            return (N_("the date {value} does not exist"), N_("check the day and month; write dates as 2026-11-29"),
                    values)
        return (N_("the date and time {value} does not exist"),
                N_("check the numbers; write for example 2026-11-29 or 2026-11-29 14:30"), values)
    if tag == "tag:yaml.org,2002:int" and "digits" in str(exc):
        return (N_("the number is too long"),
                N_("write at most a few digits, or put it in quotes to keep it as text"), values)
    kind = tag.rsplit(":", 1)[-1]
    if kind in NOT_A:
        return NOT_A[kind], N_("remove the {tag} before it, or fix the value"), values
    return unknown_tag(tag)


def unknown_tag(tag: str) -> tuple[str, str, tuple]:
    return N_("the tag {tag} is not allowed here"), TAG_HINT, (("tag", _short(tag)),)


def _short(tag: str) -> str:
    """A tag as the editor wrote it: '!!python/object' rather than 'tag:yaml.org,2002:python/object'."""
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag
