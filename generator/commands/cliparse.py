"""argparse in Russian: the help, the usage line and every error an editor can meet.

argparse words its help and errors through ``gettext`` with no Russian catalogue in the
standard library, so the parser here gives its own texts: the section titles, the usage
prefix and the ``-h`` help, the argument placeholders (``ФАЙЛ`` rather than ``CONFIG_FILE``),
and its errors, matched against the English templates of argparse (Python 3.11–3.13) and
worded in Russian. A message no template matches is shown as argparse wrote it.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

from generator.check.validate import closest

# Placeholders by the argument's ``dest``: what the usage line and the help show.
METAVARS = {
    "command": "команда",
    "config_file": "ФАЙЛ",
    "site_dir": "ПАПКА",
    "month": "МЕСЯЦ",
    "kind": "вид",
    "id": "идентификатор",
    "output": "ФАЙЛ",
    "format": "ФОРМАТ",
    "dev_addr": "АДРЕС",
}
USAGE = "Использование: "
HELP = "показать эту справку и выйти"


def _choices(text: str) -> list[str]:
    return [c.strip().strip("'\"") for c in text.split(",")]


def _invalid_choice(match: re.Match[str]) -> str:
    value, choices = match["value"].strip("'\""), _choices(match["choices"])
    guess = closest(value, choices)
    hint = f"; возможно, «{guess}»" if guess else ""
    return f"неизвестная команда «{value}» (допустимы: {', '.join(choices)}{hint})"


def _names(text: str) -> str:
    return ", ".join(f"«{name.strip()}»" for name in text.split(","))


# argparse's error templates, most specific first.
ERRORS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"invalid choice: (?P<value>.*?) \(choose from (?P<choices>.*)\)$"), _invalid_choice),
    (re.compile(r"the following arguments are required: (?P<names>.*)$"), lambda m: f"не указано: {_names(m['names'])}"),
    (re.compile(r"unrecognized arguments: (?P<args>.*)$"), lambda m: f"непонятные аргументы: {m['args']} (список параметров: -h)"),
    (re.compile(r"expected one argument$"), lambda m: "после параметра нужно значение"),
    (re.compile(r"expected at most one argument$"), lambda m: "ожидается не больше одного значения"),
    (re.compile(r"expected at least one argument$"), lambda m: "ожидается хотя бы одно значение"),
    (re.compile(r"expected (?P<n>\d+) arguments?$"), lambda m: f"ожидается значений: {m['n']}"),
    (re.compile(r"ambiguous option: (?P<opt>\S+) could match (?P<matches>.*)$"), lambda m: f"неоднозначный параметр {m['opt']}: {m['matches']}"),
    (re.compile(r"ignored explicit argument (?P<arg>.*)$"), lambda m: f"у этого параметра не бывает значения: {m['arg']}"),
    (re.compile(r"not allowed with argument (?P<other>.*)$"), lambda m: f"нельзя указывать вместе с {m['other']}"),
    (re.compile(r"one of the arguments (?P<names>.*) is required$"), lambda m: f"нужен один из параметров: {m['names']}"),
    (re.compile(r"invalid (?P<type>\S+) value: (?P<value>.*)$"), lambda m: f"недопустимое значение {m['value']}"),
]
ARGUMENT = re.compile(r"^argument (?P<name>[^:]+): (?P<rest>.*)$", re.DOTALL)


def russian_error(message: str) -> str:
    """argparse's English error ``message`` in Russian."""
    name = None
    if match := ARGUMENT.match(message):
        name, message = match["name"], match["rest"]
    for pattern, word in ERRORS:
        if found := pattern.search(message):
            message = word(found)
            break
    if name is None or (message.startswith("неизвестная команда") and name in ("command", METAVARS["command"])):
        return message
    if message.startswith("неизвестная команда"):  # a value of an option, not a sub-command
        message = message.replace("неизвестная команда", "недопустимое значение", 1)
    return f"{METAVARS.get(name, name)}: {message}"


class RussianHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)


class RussianArgumentParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose help and errors are Russian; its sub-commands' parsers are of this class too."""

    def __init__(self, *args: Any, add_help: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", RussianHelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "аргументы"
        self._optionals.title = "параметры"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        if action.metavar is None and action.dest in METAVARS and action.nargs != 0:
            action.metavar = METAVARS[action.dest]
        return action

    def add_subparsers(self, **kwargs: Any):
        kwargs.setdefault("metavar", METAVARS.get(kwargs.get("dest", "")))
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: ошибка: {russian_error(message)}\n")
