"""The page ``/admin/`` around Sveltia CMS (issue 21): what an editor meets before and beside the editor itself.

- **A site with no hosting** (no ``cms:`` in ``mkdocs.yml``) says so in Russian instead of showing sign-in buttons
  that cannot work: on the published site the page is that notice alone (what the administrator sets, a link to the
  site's guide) and Sveltia is not even loaded; on ``127.0.0.1``/``localhost`` (``innopub serve``) Sveltia's local
  mode works, and the notice under its button says where the files go. Sveltia's Gitea button, which only fills the
  configuration's required backend, is hidden (:data:`ADMIN_STYLE`); the token button is not offered at all
  (``auth_methods: [oauth]`` in :func:`generator.render.cms.backend`).
- **Russian everywhere:** :data:`ADMIN_SCRIPT` opens Sveltia in Russian whatever the browser's language (its
  ``sveltia-cms.prefs`` in ``localStorage``, which Sveltia reads first), and says a failed request to the hosting in
  Russian: the browser's own «Failed to fetch» (a network failure, or a host the policy does not allow) and a
  hosting's error answer (an English message, or a proxy's HTML page that Sveltia could not read) reach the editor
  as one Russian sentence with the host and the status. Requests to the site itself are left as they are.

The script is a file of the site (``admin/innopub-admin.js``): the page's policy runs no inline script.
"""

from __future__ import annotations

SCRIPT_NAME = "innopub-admin.js"

ADMIN_SCRIPT = """\
// /admin/ before Sveltia CMS starts (generator/render/cms_admin.py): Russian, no dead sign-in button, errors in Russian.
const page = document.documentElement;
const hosting = page.dataset.hosting; // "" when mkdocs.yml names no hosting (cms:)
const here = location.hostname;
const local = here === "127.0.0.1" || /^(.+\\.)?localhost$/.test(here); // Sveltia's own test for its local mode

try {
  const stored = JSON.parse(localStorage.getItem("sveltia-cms.prefs") || "{}");
  const prefs = stored && typeof stored === "object" && !Array.isArray(stored) ? stored : {};
  if (prefs.locale !== "ru") localStorage.setItem("sveltia-cms.prefs", JSON.stringify({ ...prefs, locale: "ru" }));
} catch {
  // storage refused (a private window's policy): Sveltia then follows the browser's languages
}

const AGAIN = "если ошибка повторяется, сообщите администратору сайта.";
const NETWORK = `Проверьте подключение к интернету и попробуйте ещё раз; ${AGAIN}`;
const ANSWERS = {
  401: "Хостинг не принял вход: войдите ещё раз.",
  403: `Хостинг отказал в доступе: у вашей учётной записи нет права записи в репозиторий сайта — попросите его у администратора сайта.`,
  404: `Хостинг не нашёл репозиторий или файл: проверьте адрес; ${AGAIN}`,
};
const nativeFetch = window.fetch.bind(window);

function hostOf(input) {
  try {
    return new URL(input instanceof Request ? input.url : String(input), location.href);
  } catch {
    return null;
  }
}

async function russianAnswer(response, url) {
  let original = {};
  let detail = "";
  try {
    original = await response.clone().json();
    const said = original && (original.message || original.error_description || original.error);
    if (typeof said === "string") detail = said.trim().slice(0, 200);
  } catch {
    original = {}; // not JSON: a proxy's or a server's HTML error page
  }
  const advice = ANSWERS[response.status] ?? `Попробуйте позже; ${AGAIN}`;
  const message = `Сервер ${url.host} ответил ошибкой ${response.status}${detail ? ` (${detail})` : ""}. ${advice}`;
  const body = original && typeof original === "object" && !Array.isArray(original) ? { ...original } : {};
  delete body.errors;
  body.message = message;
  if ("error" in body) body.error = message;
  const headers = new Headers(response.headers);
  headers.set("Content-Type", "application/json; charset=utf-8");
  headers.delete("Content-Length");
  return new Response(JSON.stringify(body), { status: response.status, statusText: response.statusText, headers });
}

window.fetch = async (input, init) => {
  const url = hostOf(input);
  const foreign = url !== null && /^https?:$/.test(url.protocol) && url.origin !== location.origin;
  let response;
  try {
    response = await nativeFetch(input, init);
  } catch (error) {
    if (foreign && error instanceof TypeError) {
      throw new TypeError(`Не удалось связаться с сервером ${url.host}. ${NETWORK}`, { cause: error });
    }
    throw error;
  }
  return foreign && response.status >= 400 ? russianAnswer(response, url) : response;
};

const notice = document.getElementById("innopub-notice");
if (!hosting && !local) {
  notice.hidden = false; // nothing to sign in to: the notice is the page, and Sveltia is not loaded
} else {
  if (!hosting) {
    // Sveltia draws (and after a sign-out redraws) its sign-in page: the note goes under its buttons there, found by
    // the hidden Gitea button, which no other page of Sveltia has; it leaves with the page once the editor opens
    const place = () => {
      const buttons = document.querySelector('button[data-label*="Gitea / Forgejo"]')?.parentElement;
      if (buttons && !document.getElementById("innopub-local")) {
        buttons.after(document.getElementById("innopub-local-template").content.cloneNode(true));
      }
    };
    new MutationObserver(place).observe(document.body, { childList: true, subtree: true });
  }
  await import("./sveltia-cms.js");
}
"""

ADMIN_STYLE = """\
#innopub-notice { max-width: 40rem; margin: 3rem auto; padding: 0 1rem; font: 1rem/1.5 system-ui, sans-serif; color: #222; }
#innopub-notice h1 { font-size: 1.5rem; line-height: 1.25; }
#innopub-notice code { background: #f0f0f0; padding: 0 .2em; border-radius: 3px; }
#innopub-local { max-width: 32rem; margin: 1.5rem auto 0; text-align: left; font-size: .9rem; line-height: 1.45; }
#innopub-local p { margin: .5rem 0; }
html[data-hosting=""] button[data-label*="Gitea / Forgejo"] { display: none !important; }
"""
"""The notice's look, and the Gitea button of a site with no hosting hidden (its label names the service in every
language): it would open ``gitea.invalid``."""
