"""The site's configuration: ``mkdocs.yml`` read once, by one parser, with MkDocs' own YAML semantics.

Every command and every engine reads the settings here, so the CLI, ``mkdocs build``, ``mkdocs serve``,
ProperDocs and the Zensical adapter see the same values. The YAML is read as MkDocs reads it
(``mkdocs/utils/yaml.py``): ``!ENV VAR`` and ``!ENV [VAR, OTHER, default]`` with the same library
(``pyyaml_env_tag``), ``INHERIT:`` merged into the parent file with ``mergedeep`` (relative to the
file that names it), an empty file as no settings. Unlike MkDocs, Python tags
(``!!python/name:`` of a Markdown extension's option) are read as nothing rather than run: the settings
we need never hold one, and reading a file must not execute code. ``!relative`` (an option of a
Markdown extension, resolved by MkDocs per page) is kept as its text.

The plugin's options (``plugins: - innopub: {...}``, or the mapping form ``plugins: {innopub: ...}``)
become :class:`generator.settings.options.Settings`; the rest of the file what the build needs of the site.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any

import mergedeep
import yaml
import yaml_env_tag
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from generator.common.problems import InnopubError
from generator.settings.options import Address, Settings, make_settings

PLUGIN = "innopub"


class _Loader(yaml.SafeLoader):
    """MkDocs' ``!ENV``; other tags of ``mkdocs.yml`` read as nothing (never run)."""


_Loader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)
_Loader.add_constructor("!relative", lambda loader, node: loader.construct_scalar(node))
_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


class _SiteKeys(BaseModel):
    """The keys of ``mkdocs.yml`` the build reads besides the plugin's options (MkDocs' defaults)."""

    model_config = ConfigDict(extra="ignore")
    site_name: str = "innopub"
    site_url: Annotated[Address | None, BeforeValidator(lambda value: value or None)] = None
    """Parsed (generator/settings/urls.py); empty, as MkDocs takes it, is none."""
    site_description: str | None = None
    docs_dir: str = "docs"
    site_dir: str = "site"
    use_directory_urls: bool = True


@dataclass(frozen=True)
class SiteConfig:
    """What every stage and engine needs of the site's configuration."""

    file: Path
    """The configuration file, absolute."""
    site_name: str
    site_url: str | None
    site_description: str | None
    docs_dir: Path
    """The content folder, absolute."""
    site_dir: Path
    """Where the site is written, absolute."""
    use_directory_urls: bool
    theme_dir: Path | None
    """The project's theme folder (``theme.custom_dir``), absolute: innopub's templates, print styles and fonts."""
    markdown_extensions: list[Any] = field(default_factory=list)
    """As written in the file: for engines that convert the Markdown themselves (the Zensical adapter)."""
    settings: Settings = field(default_factory=Settings)
    raw: dict[str, Any] = field(default_factory=dict, repr=False)
    """The whole file as read (``INHERIT`` merged, ``!ENV`` resolved): what an engine adapter passes on."""

    @property
    def root(self) -> Path:
        """The project folder: where ``mkdocs.yml`` is (``editions/``, ``.cache/``, ``.tools/`` are beside it)."""
        return self.file.parent

    def with_paths(self, docs_dir: Path | None = None, site_dir: Path | None = None, site_url: str | None = None) -> SiteConfig:
        """The same settings with the engine's own folders or address (``mkdocs serve`` builds into a folder of its own)."""
        return replace(
            self,
            docs_dir=docs_dir.resolve() if docs_dir is not None else self.docs_dir,
            site_dir=site_dir.resolve() if site_dir is not None else self.site_dir,
            site_url=site_url if site_url is not None else self.site_url,
        )


def read_yaml(path: Path) -> dict[str, Any]:
    """``path`` as MkDocs reads it: ``INHERIT`` merged (a file may not inherit itself, however indirectly)."""
    return _read(path.resolve(), ())


def _read(path: Path, seen: tuple[Path, ...]) -> dict[str, Any]:
    if path in seen:
        chain = " → ".join(p.name for p in (*seen, path))
        raise InnopubError(f"{path}: настройки наследуют сами себя по кругу ({chain}); уберите одну из строк INHERIT")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except FileNotFoundError:
        raise InnopubError(f"нет файла настроек {path} (запустите команду из папки сайта или укажите -f)") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InnopubError(f"{path}: не удалось прочитать настройки: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InnopubError(f"{path}:1: настройки сайта должны быть набором полей «поле: значение» (как в mkdocs.yml проекта)")
    parent = data.pop("INHERIT", None)
    if parent is None:
        return data
    base = (path.parent / str(parent)).resolve()
    if not base.is_file():
        raise InnopubError(f"{path}: нет файла {parent}, названного в INHERIT (ожидается путь от папки {path.parent})")
    return mergedeep.merge(_read(base, (*seen, path)), data)


def plugin_options(raw: dict[str, Any]) -> dict[str, Any]:
    """The innopub plugin's options in either form MkDocs accepts (a list of plugins, or a mapping)."""
    plugins = raw.get("plugins") or []
    entries = plugins.items() if isinstance(plugins, dict) else [next(iter(p.items())) if isinstance(p, dict) else (p, None) for p in plugins]
    for name, options in entries:
        if name == PLUGIN:
            return options if isinstance(options, dict) else {}
    return {}


def load_config(config_file: Path | str) -> SiteConfig:
    """Read ``config_file``; an :class:`InnopubError` in Russian for anything that cannot be read or is wrong."""
    path = Path(config_file).resolve()
    if not path.is_file():
        raise InnopubError(f"нет файла настроек {config_file} (запустите команду из папки сайта или укажите -f)")
    raw = read_yaml(path)
    try:
        keys = _SiteKeys.model_validate(raw)
    except ValidationError as exc:
        details = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise InnopubError(f"{path}: неверные настройки сайта: {details}") from exc
    theme = raw.get("theme") if isinstance(raw.get("theme"), dict) else {}
    custom = theme.get("custom_dir")
    return SiteConfig(
        file=path,
        site_name=keys.site_name,
        site_url=keys.site_url,
        site_description=keys.site_description,
        docs_dir=(path.parent / keys.docs_dir).resolve(),
        site_dir=(path.parent / keys.site_dir).resolve(),
        use_directory_urls=keys.use_directory_urls,
        theme_dir=(path.parent / str(custom)).resolve() if custom else None,
        markdown_extensions=list(raw.get("markdown_extensions") or []),
        settings=make_settings(plugin_options(raw), str(os.path.relpath(path))),
        raw=raw,
    )
