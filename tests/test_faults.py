"""Faults, with real processes: ``kill -9`` of a build, a write killed before its rename, a full disk, a bug.

Nothing innopub writes is lost or half-written: ``site/`` stays byte-identical to the last
complete build, an issue file is either the old one or the new one, and no command shows a
Python traceback (unless ``INNOPUB_DEBUG=1``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.common import atomic
from tests.conftest import ENV, INNOPUB, as_in_a_terminal, innopub, project, run, write_files
from tests.fixtures.bulletin import ORG, practice
from tests.fixtures.content import BASE, REPORT

NEW_TITLE = "Отчёт за первый год, исправленный"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project built once (with its PDF and EPUB made); each test works on a copy."""
    root = project(tmp_path_factory.mktemp("built"), dict(BASE))
    assert innopub("build", cwd=root).returncode == 0
    return root


def _copy(built: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    return root


def _tree(folder: Path) -> dict[str, str]:
    """Every file and folder of ``folder`` with the hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir" for p in sorted(folder.rglob("*"))}


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".site-") and "-prev-" not in p.name)  # not the previous site


def _wait_for(what: Callable[[], object], process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not what():
        assert process.poll() is None, f"the build ended before the moment to kill it: {process.communicate()}"
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def _descendants(pid: int) -> set[int]:
    children: dict[int, set[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), set()).add(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), ()):
            found.add(child)
            todo.append(child)
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def _gone(pids: set[int], timeout: float = 10) -> bool:
    """MkDocs and its Pagefind processes end with innopub."""
    deadline = time.monotonic() + timeout
    while _alive(pids) and time.monotonic() < deadline:
        time.sleep(0.02)
    return not _alive(pids)


def _loaded(pids: set[int], library: str) -> bool:
    for pid in pids:
        try:
            if library in Path(f"/proc/{pid}/maps").read_text():
                return True
        except OSError:
            pass
    return False


def _kill_build_when(root: Path, moment: Callable[[subprocess.Popen], bool]) -> None:
    build = subprocess.Popen([*INNOPUB, "build"], cwd=root, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_for(lambda: moment(build), build)
        family = _descendants(build.pid)
        build.kill()
        build.wait()
        assert _gone(family), "a process of the killed build lives on"
    finally:
        if build.poll() is None:
            build.kill()
        build.communicate()


def test_kill_9_of_build_at_every_stage_leaves_the_site_as_it_was(built: Path, tmp_path: Path) -> None:
    root = _copy(built, tmp_path)
    before = _tree(root / "site")
    write_files(root / "content", {"reports/2024/otchet-2024.md": REPORT.replace("Отчёт за первый год", NEW_TITLE)})

    def staging() -> list[Path]:
        return [p for p in root.iterdir() if p.name.startswith(".site-") and "-prev-" not in p.name]

    moments = {
        "the staging folder appears": lambda build: staging(),
        "PDFs are typeset (WeasyPrint has loaded Pango)": lambda build: _loaded({build.pid, *_descendants(build.pid)}, "libpango"),
        "pages are being written": lambda build: any(s.glob("*/index.html") for s in staging()),
    }
    for moment, condition in moments.items():
        if "PDF" in moment:  # no cache and no kept edition: the collection's PDF is laid out again
            for made in ("editions", ".cache"):
                shutil.rmtree(root / made, ignore_errors=True)
        _kill_build_when(root, condition)
        assert _tree(root / "site") == before, f"killed when {moment}"

    assert _leftovers(root), "the killed builds left their staging folders"
    result = innopub("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert _leftovers(root) == [], "the next build removes the staging folders of killed builds"
    assert NEW_TITLE in (root / "site/reports/otchet-2024/index.html").read_text(encoding="utf-8")


# Dies like a power cut between the two renames of a swap (where the one-step exchange is not available).
DIE_BETWEEN_RENAMES = """
import os, signal, sys
from generator.commands import cli
from generator.site import staging
staging.exchange = lambda a, b: False
real = os.rename
def rename(a, b):
    real(a, b)
    if "-old-" in str(b):
        os.kill(os.getpid(), signal.SIGKILL)
os.rename = rename
sys.exit(cli.main(["build"]))
"""


def test_a_swap_cut_between_its_renames_is_repaired_by_the_next_build(built: Path, tmp_path: Path) -> None:
    root = _copy(built, tmp_path)
    before = _tree(root / "site")
    write_files(root / "content", {"reports/2024/otchet-2024.md": REPORT.replace("Отчёт за первый год", NEW_TITLE)})
    killed = run([sys.executable, "-c", DIE_BETWEEN_RENAMES], root)
    assert killed.returncode == -signal.SIGKILL
    assert not (root / "site").exists() and [n for n in _leftovers(root) if "-old-" in n]

    # The next build, even one that fails on the content, puts the previous site back first.
    write_files(root / "content", {"reports/2024/otchet-2024.md": REPORT.replace("2024-06-10", "2024-06-31")})
    failed = innopub("build", cwd=root)
    assert failed.returncode == 1 and "прежняя версия в site/ не тронута" in failed.stderr
    assert _tree(root / "site") == before
    assert _leftovers(root) == []


@pytest.mark.parametrize(("signum", "code", "said"), [(signal.SIGINT, 130, "Ctrl-C"), (signal.SIGTERM, 143, "сигнал SIGTERM")])
def test_ctrl_c_or_sigterm_stops_the_build_and_removes_its_staging_folder(built: Path, tmp_path: Path, signum: int, code: int, said: str) -> None:
    root = _copy(built, tmp_path)
    before = _tree(root / "site")
    popen = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True, "preexec_fn": as_in_a_terminal}
    build = subprocess.Popen([*INNOPUB, "build"], cwd=root, env=ENV, **popen)
    _wait_for(lambda: _descendants(build.pid) and _leftovers(root), build)
    family = _descendants(build.pid)
    build.send_signal(signum)
    _, err = build.communicate(timeout=30)
    assert build.returncode == code, err
    assert f"Прервано ({said}): сайт не собран; прежняя версия в site/ не тронута." in err
    assert "Traceback" not in err
    assert _tree(root / "site") == before and _leftovers(root) == []
    assert _gone(family), "MkDocs is stopped with innopub"


# `innopub bulletin --refresh` killed after the new issue is written to its temporary file, before the rename.
KILL_BEFORE_RENAME = """
import os, signal, sys
from generator.commands import cli
def replace(a, b):
    os.kill(os.getpid(), signal.SIGKILL)
os.replace = replace
sys.exit(cli.main(sys.argv[1:]))
"""


def _issue_project(tmp_path: Path) -> tuple[Path, Path]:
    files = {"organizations/gimnaziya-1.md": ORG, "practices/a.md": practice("Практика А", "2026-11-02")}
    root = project(tmp_path, files)
    assert innopub("bulletin", "2026-11", cwd=root).returncode == 0
    path = root / "content/bulletin/2026-11.md"
    path.write_text(path.read_text(encoding="utf-8") + "Слово редакции ноябрьского выпуска.\n", encoding="utf-8")
    write_files(root / "content", {"practices/b.md": practice("Практика Б", "2026-11-20")})
    return root, path


def test_an_issue_write_killed_before_its_rename_leaves_the_old_issue_whole(tmp_path: Path) -> None:
    root, path = _issue_project(tmp_path)
    before = path.read_bytes()
    killed = run([sys.executable, "-c", KILL_BEFORE_RENAME, "bulletin", "2026-11", "--refresh"], root)
    assert killed.returncode == -signal.SIGKILL
    assert path.read_bytes() == before  # its number, items and editorial
    temporary = list(path.parent.glob(".2026-11.md.innopub-*.tmp"))
    assert len(temporary) == 1 and b"practices/b" in temporary[0].read_bytes(), "the new issue was complete in its temporary file"
    assert innopub("check", cwd=root).returncode == 0, "the temporary file is no content"

    refreshed = innopub("bulletin", "2026-11", "--refresh", cwd=root)
    assert refreshed.returncode == 0, refreshed.stderr
    text = path.read_text(encoding="utf-8")
    assert "  - practices/a\n  - practices/b\n" in text and "number: 1\n" in text
    assert text.endswith("Слово редакции ноябрьского выпуска.\n")
    assert oct(path.stat().st_mode & 0o777) == oct(0o666 & ~_umask()), "the issue keeps an ordinary file's mode"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_exclusive_write_never_replaces_a_file(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    atomic.write_text(target, "первый\n", exclusive=True)
    with pytest.raises(FileExistsError):
        atomic.write_text(target, "второй\n", exclusive=True)
    assert target.read_text(encoding="utf-8") == "первый\n"
    atomic.write_text(target, "второй\n")
    assert target.read_text(encoding="utf-8") == "второй\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


@contextmanager
def _tmpfs(folder: Path, size: str) -> Iterator[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True, text=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"a small tmpfs cannot be mounted here (a full disk is simulated with one): {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(folder: Path, leave: int) -> None:
    """A ballast file that leaves about ``leave`` bytes free on the file system of ``folder``."""
    stat = os.statvfs(folder)
    free = stat.f_bavail * stat.f_frsize
    with open(folder / ".ballast", "wb") as out:
        out.write(b"\0" * max(0, free - leave))


def test_a_full_disk_is_worded_in_russian_and_the_site_is_kept(built: Path, tmp_path: Path) -> None:
    root = _copy(built, tmp_path)
    with _tmpfs(tmp_path / "disk", "64m") as disk:  # the site (the web editor alone is 18 MB) and room to fill
        site = disk / "site"
        shutil.copytree(root / "site", site)
        before = _tree(site)
        write_files(root / "content", {"reports/2024/otchet-2024.md": REPORT.replace("Отчёт за первый год", NEW_TITLE)})
        _fill(disk, 512 * 1024)
        result = innopub("build", "-d", str(site), cwd=root)
        assert result.returncode == 1
        assert "на диске не хватает места: " in result.stderr, result.stderr
        assert "сайт не собран; прежняя версия в " in result.stderr and "не тронута" in result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        assert _tree(site) == before
        assert _leftovers(disk) == []


def test_a_full_or_read_only_content_disk_loses_no_issue(tmp_path: Path) -> None:
    root, path = _issue_project(tmp_path)
    saved = {p.relative_to(root / "content"): p.read_bytes() for p in (root / "content").rglob("*") if p.is_file()}
    with _tmpfs(root / "content", "1m") as content:
        write_files(content, {str(rel): data for rel, data in saved.items()})
        before = path.read_bytes()
        _fill(content, 2 * 1024)
        result = innopub("bulletin", "2026-11", "--refresh", cwd=root)
        assert result.returncode == 1
        assert "на диске не хватает места: content/bulletin/" in result.stderr, result.stderr
        assert "выпуск не записан; прежний файл выпуска, если он был, не тронут" in result.stderr
        assert "Traceback" not in result.stderr
        assert path.read_bytes() == before
        assert [p.name for p in path.parent.iterdir()] == ["2026-11.md"], "no temporary file is left"

        (content / ".ballast").unlink()
        subprocess.run(["mount", "-o", "remount,ro", str(content)], check=True)
        new = innopub("new", "report", "otchet-2027", cwd=root)
        assert new.returncode == 1
        assert "диск доступен только для чтения: content/reports" in new.stderr and "файл не создан" in new.stderr, new.stderr
        assert "Traceback" not in new.stderr


BROKEN = "{% if %}\n"


@pytest.mark.parametrize("template", ["main.html", "innopub/registry.html"])
def test_a_broken_template_is_worded_without_a_traceback(built: Path, tmp_path: Path, template: str) -> None:
    """``main.html`` fails inside MkDocs (the plugin's on_build_error words it), ``innopub/`` in the plugin's events."""
    root = _copy(built, tmp_path)
    before = _tree(root / "site")
    (root / "theme" / template).write_text(BROKEN + (root / "theme" / template).read_text(encoding="utf-8"), encoding="utf-8")
    for result in (innopub("build", cwd=root), run([sys.executable, "-m", "mkdocs", "build", "-q"], root)):
        output = result.stdout + result.stderr
        assert result.returncode == 1, output
        assert "Непредвиденная ошибка (" in output and "TemplateSyntaxError" in output and template in output, output
        assert "сайт не собран; прежняя версия в site/ не тронута" in output and "сообщите о ней разработчикам" in output
        assert "Traceback" not in output
        assert _tree(root / "site") == before and _leftovers(root) == []  # plain `mkdocs build` stages and swaps too
    if template == "main.html":
        debug = subprocess.run([*INNOPUB, "build"], cwd=root, env={**ENV, "INNOPUB_DEBUG": "1"}, capture_output=True, text=True, check=False)
        assert "Traceback (most recent call last)" in debug.stderr


def test_an_unreadable_config_is_worded_without_a_traceback(tmp_path: Path) -> None:
    root = project(tmp_path, dict(BASE))
    (root / "mkdocs.yml").write_text("- a list, not the settings\n", encoding="utf-8")
    for command in ("check", "build", "bulletin"):
        result = innopub(command, *(["2026-11"] if command == "bulletin" else []), cwd=root)
        assert result.returncode == 1, result.stderr
        assert "mkdocs.yml:1: настройки сайта должны быть набором полей" in result.stderr
        assert "Traceback" not in result.stderr
    (root / "mkdocs.yml").write_bytes(b"site_name: \xff\xfe\n")
    result = innopub("build", cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "не удалось прочитать настройки" in result.stderr, result.stderr


def test_plain_mkdocs_build_killed_leaves_the_site_and_the_next_one_cleans_up(built: Path, tmp_path: Path) -> None:
    root = _copy(built, tmp_path)
    before = _tree(root / "site")
    write_files(root / "content", {"reports/2024/otchet-2024.md": REPORT.replace("Отчёт за первый год", NEW_TITLE)})
    command = [sys.executable, "-m", "mkdocs", "build", "-q"]
    build = subprocess.Popen(command, cwd=root, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for(lambda: any(s.glob("*/index.html") for s in root.glob(".site-*") if "-prev-" not in s.name), build)
    build.kill()
    build.communicate()
    assert _tree(root / "site") == before and _leftovers(root)
    result = run(command, root)
    assert result.returncode == 0, result.stderr
    assert _leftovers(root) == []
    assert NEW_TITLE in (root / "site/reports/otchet-2024/index.html").read_text(encoding="utf-8")


def test_two_builds_at_once_take_turns(built: Path, tmp_path: Path) -> None:
    """The second waits for the lock instead of removing the first one's staging folder."""
    root = _copy(built, tmp_path)
    first = subprocess.Popen([*INNOPUB, "build"], cwd=root, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for(lambda: _leftovers(root), first)
    second = innopub("build", cwd=root)
    _, err = first.communicate(timeout=60)
    assert first.returncode == 0, err
    assert second.returncode == 0, second.stderr
    assert "Ждём окончания другой сборки" in second.stderr
    assert _leftovers(root) == [] and (root / "site/reports/otchet-2024/index.html").is_file()
