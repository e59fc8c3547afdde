"""The screenshots of the guide «Веб-редактор» (content/web-editor.md), taken of the real /admin/ in Chromium.

    .venv/bin/python scripts/web_editor_screenshots.py

Builds the demo (without a hosting, and a small site with GitLab) into a temporary folder, opens /admin/ as an
editor would (ru-RU), creates the practice «Шахматы на переменах» in local mode, builds the site with it, and writes
the PNGs (256 colours, a few dozen KB each) into content/files/web-editor/. The editor's bundle is the one a build
finds (``make cms``, or ``INNOPUB_CMS``). GitLab's own pages are not shot: no GitLab runs here.
"""

from __future__ import annotations

import json
import mimetypes
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.static import serve  # noqa: E402
from tests.fixtures.editor import PICKER, READ_BACK, reveal_body  # noqa: E402

OUT = ROOT / "content/files/web-editor"
ORIGIN = "https://innopub.example.org/"
TODAY = "2026-11-25"
VIEW = {"width": 1100, "height": 720}
NEW = "content/practices/shakhmaty-na-peremenakh.md"


def site(folder: Path, content: Path, option: str = "") -> Path:
    folder.mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (folder / "mkdocs.yml").write_text(config.replace("  - innopub:\n", f"  - innopub:\n      today: {TODAY}\n{option}"), encoding="utf-8")
    shutil.copytree(ROOT / "theme", folder / "theme")
    shutil.copytree(content, folder / "content")
    return folder


def build(folder: Path) -> Path:
    subprocess.run([sys.executable, "-m", "generator.commands.cli", "build"], cwd=folder, check=True, capture_output=True)
    return folder / "site"


def published(context, built: Path) -> None:
    def answer(route) -> None:
        url = route.request.url
        if not url.startswith(ORIGIN):
            return route.abort()
        rel = url[len(ORIGIN) :].split("?")[0]
        file = built / (rel + "index.html" if rel.endswith("/") or not rel else rel)
        if not file.is_file():
            return route.fulfill(status=404, body=b"")
        return route.fulfill(body=file.read_bytes(), content_type=mimetypes.guess_type(file.name)[0] or "application/octet-stream")

    context.route("**/*", answer)


def shot(page, name: str) -> None:
    path = OUT / name
    page.screenshot(path=str(path))
    Image.open(path).convert("RGB").quantize(256).save(path, optimize=True)
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} КБ")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="innopub-shots-") as tmp, sync_playwright() as playwright:
        work = Path(tmp)
        demo = build(site(work / "demo", ROOT / "content"))
        small = work / "small-content/organizations"
        small.mkdir(parents=True)
        shutil.copy(next((ROOT / "content/organizations").glob("*.md")), small)
        gitlab = build(site(work / "gitlab", work / "small-content", "      cms: {backend: gitlab, repo: uo/metod/innopub, app_id: abc123}\n"))
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), headless=True, args=["--no-sandbox", "--disable-gpu"])

        context = browser.new_context(locale="ru-RU", viewport=VIEW)
        published(context, demo)
        page = context.new_page()
        page.goto(ORIGIN + "admin/", wait_until="networkidle")
        shot(page, "ne-podklyuchen.png")
        context.close()

        context = browser.new_context(locale="ru-RU", viewport=VIEW)
        published(context, gitlab)
        page = context.new_page()
        page.goto(ORIGIN + "admin/", wait_until="networkidle")
        page.get_by_role("button", name="Войти через ⁨GitLab⁩").wait_for()
        shot(page, "vhod.png")
        context.close()

        files = {p.relative_to(demo.parent).as_posix(): p.read_text(encoding="utf-8") for p in (demo.parent / "content").rglob("*.md")}
        files |= {".git/HEAD": "ref: refs/heads/main\n", ".git/config": ""}
        with serve(demo) as url:
            context = browser.new_context(locale="ru-RU", viewport=VIEW)
            context.add_init_script(f"window.__innopubFiles = {json.dumps(files)};\n{PICKER}")
            page = context.new_page()
            page.goto(url + "admin/", wait_until="load")
            page.get_by_role("button", name="Работать с локальным репозиторием").click()
            page.get_by_role("treeitem", name="Практики").click()
            page.get_by_role("button", name="Создать новую запись").wait_for()
            page.wait_for_timeout(1500)
            shot(page, "razdely.png")
            page.get_by_role("button", name="Создать новую запись").click()
            page.get_by_role("textbox", name="Заголовок").fill("Шахматы на переменах")
            page.locator("section[data-key-path=date] input[type=date]").first.fill("2026-11-20")
            page.get_by_role("textbox", name="Заголовок").focus()
            page.wait_for_timeout(800)
            shot(page, "forma.png")
            page.get_by_role("button", name="Добавить ⁨Авторы⁩").click()
            page.get_by_role("textbox", name="Фамилия Имя Отчество").fill("Соколова Анна Петровна")
            page.get_by_role("combobox", name="Организация").click()
            page.get_by_role("option").first.click()
            reveal_body(page)
            page.locator("section[data-key-path=body][aria-label] [contenteditable=true]").click()
            page.keyboard.type("Шахматный клуб собирается на больших переменах два раза в неделю: младшие школьники играют и решают задачи.")
            page.get_by_role("button", name="Сохранить").click()
            page.get_by_text("Сохранено").first.wait_for()
            written = page.evaluate(READ_BACK, NEW)
            context.close()
        (demo.parent / NEW).write_text(written, encoding="utf-8")
        after = build(demo.parent)
        with serve(after) as url:
            context = browser.new_context(locale="ru-RU", viewport=VIEW)
            page = context.new_page()
            page.goto(url + "practices/shakhmaty-na-peremenakh/", wait_until="networkidle")
            shot(page, "na-saite.png")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
