"""The addresses the site writes itself, known before any page is made.

The link stage needs them (an alias may not take one; an editor's link may point to a generated
page), the pages stage makes them: both read them here, so that no early stage imports a later one.
"""

from __future__ import annotations

from generator.read.reader import ATTACHMENTS_DIR

SEARCH_PAGE = "search.md"
ACCESSIBILITY_PAGE = "accessibility.md"
"""The accessibility statement; an editor's own ``content/accessibility.md`` replaces it."""
GUIDE_PAGE = "vocabularies.md"
"""The editors' vocabularies and commands, generated from the settings (address ``vocabularies/``)."""
GUIDE_TITLE = "Словари и команды"
GUIDE_IDS = ("organizations", "platforms")
"""The kinds whose ids (with their names) the guide page lists: the ids editors write most, in people's ``organization``
and in most references; a message about an unknown one of them points there."""
FEED_PATH = "feed.xml"
OPENDATA_PAGE = "opendata/index.md"
"""The open data page (with the datasets' files under ``opendata/``), when the settings name the publisher."""
CONTROL_PAGE = "control.md"
"""The decisions' points under control (``generator/coordinators/control.py``), at the top level: under ``decisions/`` its
address could be a decision's id."""
CONTROL_TITLE = "Контроль исполнения"

GENERATED_PAGES = (SEARCH_PAGE, ACCESSIBILITY_PAGE, GUIDE_PAGE)
"""Generated single pages an editor's Markdown may link to."""
EDITOR_PAGE = "admin/index.html"
"""The web editor's page (generator/render/cms.py writes it): an editor's Markdown may link to it as to a file,
``[веб-редактор](admin/index.html)`` from a page at the top of ``content/``."""

SERVICE = {
    "assets": "служебная папка сайта",
    "fonts": "служебная папка сайта",
    "print": "служебная папка сайта",
    "innopub": "служебная папка сайта",
    "partials": "служебная папка сайта",
    "admin": "редактор сайта",
    "search": "страница поиска",
    "pagefind": "поисковый индекс",
    FEED_PATH: "лента новых публикаций",
    "oai.xml": "репозиторий OAI-PMH для сборщиков метаданных",
    "sitemap.xml": "карта сайта",
    "sitemap.xml.gz": "карта сайта",
    "404.html": "страница «не найдено»",
    "index.html": "главная страница",
    "authors": "указатель авторов",
    "tags": "указатель тегов",
    "directions": "указатель направлений",
    "archive": "архив публикаций",
    "vocabularies": "словари и команды для редакторов",
    "monitoring": "мониторинг инновационных площадок",
    "opendata": "открытые данные",
    "control": "контроль исполнения решений",
    "export": "выгрузка для регионального портала",
    "spravki": "справки о публикации",  # generator/editions/certificate.py: FOLDER
    ATTACHMENTS_DIR: "папка файлов записей",
}
"""First segments of addresses the site writes itself, with what they are."""
KIND_SERVICE = {"-": "страницы разделов реестра", "feed.xml": "лента раздела", "page": "страницы реестра"}
"""Second segments under a kind's registry the site writes itself."""


def url_of(path: str) -> str:
    """The address of the virtual page ``path``: ``search.md`` → ``search/``, ``index.md`` → ````."""
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"
