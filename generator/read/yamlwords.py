"""Every problem PyYAML and libyaml can raise on front matter, in Russian, at the line to look at.

:func:`explain` never answers in English: a problem missing from :data:`_YAML_PROBLEMS` (a newer
PyYAML's) gets a general Russian message at the parser's line.
"""

from __future__ import annotations

import re

import yaml

from generator.read.yamlsafe import MAX_DEPTH, Refused, short, tag_name

_QUOTE = "заключите значение в кавычки"
_SQUARE = ("не закрыта скобка «]» или нет запятой между значениями", "например [первое, второе]")
_CURLY = ("не закрыта скобка «}» или нет запятой между полями", "например {name: Иванова, position: директор}")
_INDENT = ("строка не похожа на «поле: значение»: лишний отступ или знак в начале строки", "поля одного уровня — с одинаковым отступом")
_TAB = ("символ табуляции в отступе", "отступы делаются только пробелами")
_TAG = ("неверный тег «!…»", f"теги YAML не используются; если «!» — часть текста, {_QUOTE}")
_DIRECTIVE = ("строка, начинающаяся с «%», — директива YAML, их в заголовке не бывает", f"если «%» — часть текста, {_QUOTE}")
_BLOCK = ("неверный знак после «|» или «>»", "после «|» или «>» допускаются цифра отступа от 1 до 9 и «+» или «-»")
_HEX = ("после «\\x», «\\u» или «\\U» в кавычках должны идти шестнадцатеричные цифры", "например «\\u00AB»")
_ESCAPE = ("недопустимый знак после «\\» в двойных кавычках", "пишите «\\\\» вместо «\\» или возьмите значение в одинарные кавычки '…'")
_EXTRA = ("лишний текст после значения в кавычках или скобках", "заключите в кавычки всё значение целиком")
_SEQ = ("строка списка «- » не на своём месте", "пункты одного списка начинаются с «- » с одинаковым отступом")
_SEPARATOR = ("строка «---» или «...» внутри заголовка", "заголовок закрывает одна строка «---» после всех полей")
_SHAPE = ("значение не подходит к своему тегу", "уберите тег «!!…»")
_MERGE = ("после «<<:» должна быть ссылка «*метка» на набор полей", "например «<<: *osnova»")
_ANCHOR_NAME = ("после «&» или «*» должно идти имя метки", f"если «&» или «*» — часть текста, {_QUOTE}")
_NODE = ("нет значения или оно начинается с недопустимого знака", _QUOTE)
_SPACE = ("нет пробела после знака", "пробел после «-», «:» или тега")
_BASE64 = ("значение с тегом «!!binary» — не данные base64", "уберите тег «!!binary»")
_CONTROL_CHAR = ("недопустимый управляющий символ", "удалите его")

# Every problem PyYAML's scanner, parser, composer and safe constructor, and libyaml's, can raise:
# (starts of the problem's text in either, (what is wrong, what is expected), the mark to show).
_YAML_PROBLEMS: list[tuple[tuple[str, ...], tuple[str, str], str]] = [
    (("did not find expected ',' or ']'", "expected ',' or ']'"), _SQUARE, "problem"),
    (("did not find expected ',' or '}'", "expected ',' or '}'"), _CURLY, "problem"),
    (("invalid indentation or unclosed '[' or '{'",), ("неверный отступ или не закрыта скобка «[» или «{»", "закройте скобку"), "context"),
    (("mapping values are not allowed",), (f"двоеточие внутри значения — {_QUOTE}", 'например place: "Вологда: гимназия"'), "problem"),
    (("mapping keys are not allowed",), ("знак «?» в начале значения", _QUOTE), "problem"),
    (("block sequence entries are not allowed", "sequence entries are not allowed", "did not find expected '-' indicator"), _SEQ, "problem"),
    (("could not find expected ':'",), ("нет двоеточия после имени поля", "«поле: значение»"), "context"),
    (("did not find expected key", "expected <block end>", "expected the empty value"), _INDENT, "problem"),
    (("did not find expected node content", "expected the node content"), _NODE, "problem"),
    (("found a tab character",), _TAB, "problem"),
    (("found unexpected end of stream",), ("не закрыты кавычки", "закрывающая кавычка в конце значения"), "context"),
    (("found unknown escape character",), _ESCAPE, "problem"),
    (("found invalid Unicode character escape code",), ("неверный код символа после «\\u» в кавычках", "например «\\u00AB»"), "problem"),
    (("did not find expected hexdecimal number", "expected escape sequence of"), _HEX, "problem"),
    (
        (
            "found unexpected document indicator",
            "found unexpected document separator",
            "did not find expected <document start>",
            "expected '<document start>'",
            "but found another document",
        ),
        _SEPARATOR,
        "problem",
    ),
    (("found unexpected ':'",), (f"лишнее двоеточие — {_QUOTE}", "«поле: значение»"), "problem"),
    (("exceeded maximum nesting depth",), ("слишком глубокая вложенность списков и полей", f"не больше {MAX_DEPTH} уровней"), "problem"),
    (("did not find expected alphabetic or numeric character", "expected alphabetic or numeric character"), _ANCHOR_NAME, "problem"),
    (("did not find expected comment or line break", "expected a comment or a line break"), _EXTRA, "problem"),
    (("did not find expected whitespace", "expected ' '"), _SPACE, "problem"),
    (
        (
            "did not find the expected '>'",
            "expected '>'",
            "did not find expected '!'",
            "expected '!'",
            "did not find expected tag URI",
            "expected URI",
            "did not find URI escaped octet",
            "found undefined tag handle",
            "expected non-empty name appended to the tag",
            "found non-specific tag",
        ),
        _TAG,
        "problem",
    ),
    (
        (
            "found unknown directive name",
            "found unexpected non-alphabetical character",
            "could not find expected directive name",
            "did not find expected version number",
            "did not find expected digit or '.' character",
            "expected a digit",
            "found extremely long version number",
            "found incompatible YAML document",
            "found duplicate %YAML directive",
            "found duplicate YAML directive",
            "found duplicate %TAG directive",
            "duplicate tag handle",
        ),
        _DIRECTIVE,
        "problem",
    ),
    (
        (
            "found an indentation indicator equal to 0",
            "expected indentation indicator in the range 1-9",
            "expected chomping or indentation indicators",
        ),
        _BLOCK,
        "problem",
    ),
    (("found unhashable key",), ("имя поля — список или набор полей", "имя поля — простой текст перед двоеточием"), "problem"),
    (("expected a mapping for merging", "expected a mapping or list of mappings for merging"), _MERGE, "problem"),
    (("found unconstructable recursive node",), ("метка «&» ссылается сама на себя", "запишите значение без меток «&» и ссылок «*»"), "problem"),
    (
        (
            "expected a mapping node",
            "expected a sequence node",
            "expected a scalar node",
            "expected a mapping of length 1",
            "expected a single mapping item",
            "expected a sequence, but found",
        ),
        _SHAPE,
        "problem",
    ),
    (("failed to decode base64 data", "failed to convert base64 data"), _BASE64, "problem"),
    (("found duplicate key",), ("поле указано дважды", "оставьте одно"), "problem"),
    (("control characters are not allowed", "special characters are not allowed"), _CONTROL_CHAR, "problem"),
    (("input is too long",), ("заголовок слишком длинный", "сократите его"), "problem"),
]
_GENERIC = ("непонятная разметка YAML", "проверьте в этой строке кавычки, двоеточия и отступы: «поле: значение»")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")
_CLOSERS = ('"', "'", "]", "}")
_NAME = re.compile(r"[&*]([^\s,\[\]{}]*)")


def _char_at(lines: list[str], mark: yaml.Mark | None) -> str:
    if mark is None or mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return lines[mark.line][mark.column]


def explain(exc: yaml.YAMLError, yaml_text: str) -> tuple[int, str]:
    """(0-based line of the YAML text, message in Russian) of a problem PyYAML raised."""
    if isinstance(exc, Refused):
        return (exc.problem_mark.line if exc.problem_mark else 0), f"ошибка в заголовке: {exc.message}"
    if not isinstance(exc, yaml.MarkedYAMLError):  # the reader's: a control character (or bytes that are not UTF-8)
        found = _CONTROL.search(yaml_text)
        if found is None:
            return 0, f"ошибка разметки YAML в заголовке: {_GENERIC[0]} ({_GENERIC[1]})"
        what = f"недопустимый управляющий символ U+{ord(found.group()):04X}"
        return yaml_text.count(
            "\n", 0, found.start()
        ), f"ошибка разметки YAML в заголовке: {what} (удалите его: он попадает при копировании из других программ)"
    problem, context = exc.problem or "", exc.context or ""
    lines = yaml_text.split("\n")
    mark = exc.problem_mark or exc.context_mark
    what, expected = _GENERIC
    if problem.startswith("could not determine a constructor for the tag"):
        found = re.search(r"tag '([^']*)'", problem)
        tag = tag_name(found.group(1)) if found else "!…"
        what, expected = f"неизвестный тег «{short(tag, 60)}»", f"теги YAML не используются: уберите тег; если «!» — часть текста, {_QUOTE}"
    elif "that cannot start any token" in problem:
        char = _char_at(lines, exc.problem_mark)
        if char == "\t":
            what, expected = _TAB
        else:
            what, expected = (f"значение не может начинаться со знака «{char}»" if char else "недопустимый знак"), _QUOTE
    elif problem.startswith("found undefined alias"):
        name = _NAME.match(lines[mark.line], mark.column) if mark and mark.line < len(lines) else None
        what = f"ссылка «*{name.group(1) if name else ''}» на метку, которой нет"
        expected = f"сначала метка «&имя», потом ссылка «*имя»; если «*» — часть текста, {_QUOTE}"
    elif "found duplicate anchor" in context:
        name = _NAME.match(lines[mark.line], mark.column) if mark and mark.line < len(lines) else None
        first = exc.context_mark.line + 2 if exc.context_mark else 0
        what, expected = f"метка «&{name.group(1) if name else ''}» повторяется, первая — в строке {first}", "у каждой метки своё имя"
    else:
        text = problem or context
        entry = next((e for e in _YAML_PROBLEMS if text.startswith(e[0])), None)
        if entry is not None:
            starts, (what, expected), which = entry
            if which == "context" and exc.context_mark is not None:
                mark = exc.context_mark
            opened = exc.context_mark
            if entry[1] in (_SQUARE, _CURLY) and opened and mark and opened.line != mark.line:
                what += f", а скобка открыта в строке {opened.line + 2}"
            elif starts[0].endswith("end of stream") and "quoted" not in context:
                what, expected = "заголовок оборвался на середине значения", "закройте кавычки и скобки"
            elif entry[1] is _INDENT and mark and mark.line < len(lines) and lines[mark.line][: mark.column].rstrip().endswith(_CLOSERS):
                what, expected = _EXTRA  # ``place: "г." Вологда``: the parser wanted the next key after the closed value
            elif entry[1] is _NODE and (char := _char_at(lines, exc.problem_mark)):
                what = f"значение не может начинаться со знака «{char}»"
    return (mark.line if mark else 0), f"ошибка разметки YAML в заголовке: {what} ({expected})"
