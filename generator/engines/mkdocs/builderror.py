"""The page a failed rebuild in ``mkdocs serve`` shows in the browser: the problems in Russian.

The plugin (:mod:`generator.engines.mkdocs.plugin`) serves it at every address while the site does not build,
so that a reader of the preview sees what to fix instead of a request that hangs; it reloads
itself once the site builds again (``theme/innopub/build_error.html``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import jinja2

from generator.common.russian import count_of

TEMPLATE = "innopub/build_error.html"
_PROBLEM = re.compile(r"^\S.*?:\d+: ")  # «content/reports/x.md:4: …»


def split_message(message: str) -> tuple[list[str], str]:
    """The problems (``file:line: …``) of a build's message, and the rest of it as one line."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    problems = [line for line in lines if _PROBLEM.match(line)]
    rest = " ".join(line for line in lines if not _PROBLEM.match(line))
    if not problems:  # an unexpected failure: one Russian sentence (generator/common/failure.py)
        return [rest or "сборка не удалась"], ""
    return problems, rest


def error_page(theme_dirs: Sequence[str], site_name: str, message: str) -> bytes:
    problems, summary = split_message(message)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(list(theme_dirs)), autoescape=True)
    count = count_of(len(problems), "ошибка", "ошибки", "ошибок")
    page = env.get_template(TEMPLATE).render(site_name=site_name, problems=problems, summary=summary, count=count)
    return page.encode("utf-8")
