"""The web editor in Russian whatever the browser's language (issue 21, item 4), and its dates worded for it.

Sveltia CMS speaks the browser's language (its preference «auto»): an editor with an English browser got «Save»,
«Today» and «Select an option…» among our Russian labels. ``admin/innopub-ru.js``, loaded by ``/admin/index.html``
before the bundle, sets Sveltia's stored language preference to Russian unless an editor picked another language in
its settings, which then stays as picked (the preference is read before the bundle starts: Sveltia's
``services/user/prefs.svelte.js`` and ``services/app/i18n.js``, key ``sveltia-cms.prefs``).

A date field is the browser's own ``<input type="date">``: it shows the date as the browser's language writes it
(20.06.2025 in a Russian browser) whatever the page says, and writes ``YYYY-MM-DD`` into the file (the field's
``format``). Sveltia reads ``date_format`` as a storage format, not as a display one, so none is given; the field's
hint leaves out «ГГГГ-ММ-ДД», which is how the file writes the date, not how the field shows it.
"""

from __future__ import annotations

import re

SCRIPT_NAME = "innopub-ru.js"
PREFS_KEY = "sveltia-cms.prefs"
LOCALE = "ru"
"""One of the locales of Sveltia's package (``locales/ru.json``), bundled by ``make cms``."""
SCRIPT = f"""// The web editor speaks Russian, as the site does, whatever the browser's language: Sveltia follows the browser
// (its language preference «auto») unless an editor picks a language in its settings, which then stays as picked.
(function () {{
  "use strict";
  try {{
    var prefs = JSON.parse(window.localStorage.getItem("{PREFS_KEY}") || "{{}}") || {{}};
    if (!prefs.locale || prefs.locale === "auto" || prefs.locale === "en") {{
      prefs.locale = "{LOCALE}";
      window.localStorage.setItem("{PREFS_KEY}", JSON.stringify(prefs));
    }}
  }} catch (e) {{
    // storage refused (a private window may): the browser's language
  }}
}})();
"""

_FILE_FORMAT = re.compile(r"(?::\s*| в формате )ГГГГ-ММ-ДД$")


def date_hint(hint: str) -> str:
    """«дата отчёта: ГГГГ-ММ-ДД» → «дата отчёта»: the picker shows the date the browser's way, the file gets ГГГГ-ММ-ДД."""
    return _FILE_FORMAT.sub("", hint)
