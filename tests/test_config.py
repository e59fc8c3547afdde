"""Settings are read once, by one parser, with MkDocs' own YAML semantics: ``!ENV`` and ``INHERIT`` mean the same
to ``innopub`` and to a plain ``mkdocs build``; what cannot be read is said in Russian."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.common.problems import InnopubError
from generator.settings.config import load_config
from tests.conftest import ENV, ROOT, project, run
from tests.fixtures.content import BASE, REPORT

MANY_REPORTS = {f"reports/otchet-{n}.md": REPORT.replace("Отчёт за первый год", f"Отчёт № {n}") for n in range(1, 5)}


def _with_env_page_size(root: Path) -> None:
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace("  - innopub:\n", "  - innopub:\n      page_size: !ENV [INNOPUB_PAGE_SIZE, 100]\n"), encoding="utf-8"
    )


@pytest.mark.slow  # builds a site
def test_env_tags_reach_innopub_and_mkdocs_alike(tmp_path: Path) -> None:
    env = {**ENV, "INNOPUB_PAGE_SIZE": "2"}
    for command in ([sys.executable, "-m", "generator.commands.cli", "build", "-q"], [sys.executable, "-m", "mkdocs", "build", "-q"]):
        root = project(tmp_path / command[2], {**BASE, **MANY_REPORTS})
        _with_env_page_size(root)
        result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        # 5 reports, 2 a page: the registry's year section goes on at page/2/ and page/3/
        assert (root / "site/reports/-/2024/page/3/index.html").is_file(), command
        assert not (root / "site/reports/-/2024/page/4/index.html").exists()
    assert load_config(root / "mkdocs.yml").settings.page_size == 100  # without the variable: its default


@pytest.mark.slow  # builds a site
def test_inherit_is_merged_as_mkdocs_merges_it(tmp_path: Path) -> None:
    root = project(tmp_path / "site", dict(BASE))
    base = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "base.yml").write_text(base.replace("  - innopub:\n", "  - innopub:\n      feed_size: 3\n"), encoding="utf-8")
    (root / "mkdocs.yml").write_text("INHERIT: base.yml\nsite_name: Опыт школ района\n", encoding="utf-8")
    config = load_config(root / "mkdocs.yml")
    assert config.site_name == "Опыт школ района" and config.settings.feed_size == 3 and config.settings.opendata is not None
    result = run([sys.executable, "-m", "mkdocs", "build", "-q"], root)
    assert result.returncode == 0, result.stderr
    assert "Опыт школ района" in (root / "site/index.html").read_text(encoding="utf-8")


def test_settings_that_cannot_be_read_are_said_in_russian(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text("INHERIT: b.yml\n", encoding="utf-8")
    (tmp_path / "b.yml").write_text("INHERIT: a.yml\n", encoding="utf-8")
    for name, said in (("a.yml", "по кругу"), ("missing.yml", "нет файла настроек")):
        try:
            load_config(tmp_path / name)
        except InnopubError as error:
            assert said in str(error)
        else:
            raise AssertionError(name)
    (tmp_path / "c.yml").write_text("INHERIT: nowhere.yml\n", encoding="utf-8")
    result = run([sys.executable, "-m", "generator.commands.cli", "-f", str(tmp_path / "c.yml"), "check"], tmp_path)
    assert result.returncode == 1 and "нет файла nowhere.yml, названного в INHERIT" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow  # builds a site
def test_without_a_publisher_the_check_says_so_once_and_passes(tmp_path: Path) -> None:
    root = project(tmp_path / "site", dict(BASE))
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    start = config.index("      opendata:\n")
    end = config.index("\n", config.index("email:", start))
    (root / "mkdocs.yml").write_text(config[:start] + config[end + 1 :], encoding="utf-8")
    assert load_config(root / "mkdocs.yml").settings.opendata is None
    result = run([sys.executable, "-m", "generator.commands.cli", "check", "--strict"], root)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("открытые данные не публикуются") == 1 and "нет настроек opendata" in result.stderr
    built = run([sys.executable, "-m", "generator.commands.cli", "build", "-q"], root)
    assert built.returncode == 0 and not (root / "site/opendata").exists()
    assert "opendata" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")  # the demo names its (made-up) publisher
