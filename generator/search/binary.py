"""Stage 5b: which Pagefind binary indexes the site, which version it is, and what indexing in one process costs.

Split from ``generator/search/indexer.py``, which starts the processes and feeds them; nothing here imports MkDocs.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from generator.common.russian import count_of
from generator.search.bundle import supported_requirement, supported_versions

PAGEFIND_ENV = "INNOPUB_PAGEFIND"
"""A path to the Pagefind binary a district chose instead of the wheel's (``pagefind_extended`` from npm…).

innopub's own name, as ``INNOPUB_DEBUG``, not Pagefind's ``PAGEFIND_BINARY_PATH``: that one is read by
Pagefind's Python and Node wrappers for every site built on the machine, so a setting made for another
site would quietly change innopub's index, and one made for innopub would change theirs."""
PAGE_MEMORY = 373 * 1024
"""Pagefind's peak per entry page when one process holds the whole index: 358–372 MB (1.5.2) and
373–383 MB (1.6.0) for the search documents of ``bench/generate.py``'s 1,000 entries (two runs each;
300 KB more a page from 500 on); 1.4.0 needed 171 MB."""


class IndexerError(RuntimeError):
    """Pagefind failed; the message says what it answered, in Russian."""


def pagefind_executable() -> Path:
    """The binary named by ``INNOPUB_PAGEFIND``, else the ``pagefind[extended]`` wheel's (nothing is downloaded)."""
    chosen = os.environ.get(PAGEFIND_ENV, "").strip()
    if chosen:
        path = Path(chosen).expanduser()
        if not path.is_file() or not os.access(path, os.X_OK):
            raise IndexerError(f"{PAGEFIND_ENV}={chosen}: нет такого исполняемого файла Pagefind")
        return path
    try:
        from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - a broken installation
        raise IndexerError("Не установлен Pagefind: нужен пакет pagefind[extended] (pip install -e .)") from exc
    return Path(get_executable())


def pagefind_version(executable: Path) -> str:
    """The version the binary reports (``pagefind --version`` → «pagefind 1.6.0»), before any page is sent."""
    try:
        answer = subprocess.run([str(executable), "--version"], capture_output=True, text=True, errors="replace", timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise IndexerError(f"Pagefind {executable} не запускается: {exc}") from exc
    found = re.match(r"pagefind\S*\s+v?(\d+\.\d+\.\d+\S*)", answer.stdout.strip())
    if answer.returncode != 0 or found is None:
        said = (answer.stdout + answer.stderr).strip()[:200]
        raise IndexerError(f"{executable} не похож на Pagefind: на вопрос о версии (--version) он ответил «{said}»")
    return found[1]


def one_process_warning(version: str, executable: Path, pages: int | None) -> str:
    """Why this build indexes in one process, what that costs and how to index in parts again, in Russian."""
    site = f"; у этого сайта {count_of(pages, 'запись', 'записи', 'записей')} — около {_memory(pages * PAGE_MEMORY)}" if pages else ""
    if os.environ.get(PAGEFIND_ENV, "").strip():
        remedy = f"укажите в {PAGEFIND_ENV} Pagefind {supported_versions()} или уберите эту переменную"
    else:
        remedy = f'выполните pip install "{supported_requirement()}" или укажите такой Pagefind в переменной {PAGEFIND_ENV}'
    return (
        f"Pagefind {version} ({executable}): innopub объединяет части поискового индекса только для Pagefind "
        f"{supported_versions()}, поэтому весь индекс строит один процесс Pagefind. Он держит в памяти все записи сразу "
        f"до конца индексации — около 0,37 МБ на запись (3,6 ГБ на 10 000 записей{site}), и search_part_size этого "
        f"не меняет: на большом сайте сборке может не хватить памяти. Чтобы индекс снова строился частями, {remedy}."
    )


def _memory(size: int) -> str:
    gigabytes = size / 1024**3
    return f"{gigabytes:.1f} ГБ".replace(".", ",") if gigabytes >= 1 else f"{max(1, round(size / 1024**2))} МБ"
