"""The project's cache folder (``.cache/innopub/``): typeset editions and the municipal export's entries file.

It sits in the checkout beside ``content/``, so a pull request can commit it too: a ``.cache`` that is a link (to
``/``, to another project, to a runner's home) would have the build write where it was never meant to. The folder
is made where it is missing and refused with a Russian message where a part of it is a link or not a folder.
"""

from __future__ import annotations

from pathlib import Path

from generator.common.problems import InnopubError

CACHE_DIR = Path(".cache") / "innopub"


def cache_folder(root: Path, *inside: str) -> Path:
    """``root``/.cache/innopub (and the folders ``inside`` it), a real folder in the project (made if missing);
    InnopubError when it cannot be one."""
    folder = root
    for part in (*CACHE_DIR.parts, *inside):
        folder = folder / part
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise InnopubError(
                f"{folder}: это ссылка или файл, а не папка — innopub хранит здесь сделанные PDF и выгрузку и пишет "
                "только в свои папки проекта (удалите её; папка .cache не хранится в git)"
            )
        folder.mkdir(exist_ok=True)
    return folder
