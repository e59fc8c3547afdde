"""Decisions under control (issue 10) in the demo, built with `innopub build` on its fixed date (2026-11-25): the
registry, a decision, a plan, a superseded order, the control page, an organization and an event parsed; the control
page's filter in Chromium at 375 px and without JavaScript; the points dataset.

Every expectation is counted by hand from content/decisions/ (the comment below), never computed by the code under test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.coordinators.datasets import POINTS, datasets
from generator.model.load import load_content
from generator.settings.options import make_settings
from tests.conftest import ROOT, TODAY, innopub, soup

D = dt.date

# The demo, built with `innopub build` (today: 2026-11-25) ------------------------------------------------------

# Counted by hand from content/decisions/ on 2026-11-25 (see each file's items):
# kollegiya 2.1 done, 2.2 overdue (due 2025-09-01: 450 days), 3.1 done, 3.2 term «ежеквартально», 3.3 standing,
#   4 overdue (due 2025-06-01: 542 days);
# nms-2022 2, 3.1, 4.1, 4.2 (late), 4.3 done, 3.2 standing;
# innofest 1.1 overdue (2026-09-01: 85 days), 1.2 due 2027-03-31, 2.1 standing, 3.1 done, 3.2 overdue (85 days);
# prikaz-2023 replaced by prikaz-2025: 1, 4, 5 done, 2 and 3 lifted;
# prikaz-2025 2 standing, 3 done (late), 4 done, 5 overdue (2026-09-15: 71 days), 6 due 2026-12-15; the plan: no points.
KOL, NMS, FEST = (
    "kollegiya-2025-01-23-innovacionnaya-infrastruktura",
    "nms-2022-08-30-organizaciya-innovacionnoj-deyatelnosti",
    "innofest-2026-rezolyuciya",
)
OLD, NEW, PLAN = "prikaz-imc-2023-09-05-soprovozhdenie", "prikaz-imc-2025-02-27-soprovozhdenie", "plan-soprovozhdeniya-2026-2027"
CONTROL_ORDER = [
    (KOL, 6, "overdue"),  # 1 June 2025
    (KOL, 2, "overdue"),  # 1 September 2025
    (FEST, 1, "overdue"),  # 1 September 2026, the same decision: by the point's place
    (FEST, 5, "overdue"),
    (NEW, 4, "overdue"),  # 15 September 2026
    (NEW, 5, "due"),  # 15 December 2026
    (FEST, 2, "due"),  # 31 March 2027
    (KOL, 4, "term"),  # «ежеквартально»
    (NMS, 3, "standing"),  # then the standing ones, the older decision first
    (KOL, 5, "standing"),
    (NEW, 1, "standing"),
    (FEST, 3, "standing"),
]
OPEN_BY_ORGANIZATION = {
    "imc-sokol": 6,  # kollegiya 3.2, 3.3; innofest 1.1, 1.2; prikaz-2025 2, 6
    "detsad-15-sokol": 2,  # kollegiya 4; innofest 2.1
    "gimnaziya-1-sokol": 2,  # innofest 1.2, 3.2
    "kadnikovskaya-shkola": 2,  # innofest 3.2; prikaz-2025 5 (both overdue)
    "shkola-7-sokol": 1,  # innofest 3.2
    "ddt-sokol": 1,  # innofest 1.2
}


def article(site: Path, url: str):
    return soup(site / url / "index.html").select_one("article")


def row_target(row) -> tuple[str, int]:
    """(decision id, point's place) of a row of the control page, from its link to the decision's page."""
    href = row.select_one("td[data-label='Решение'] a")["href"]
    path, _, anchor = href.partition("#")
    return path.rstrip("/").rsplit("/", 1)[1], int(anchor.removeprefix("p-"))


def test_demo_registry_groups_decisions_by_kind(demo: Path) -> None:
    page = article(demo, "decisions")
    assert page.select_one(".innopub-lead").get_text() == "6\xa0решений"
    sections = [h.get_text(strip=True) for h in page.find_all("h2")]
    assert sections == ["Решение коллегии", "Решение совета", "Резолюция", "Приказ", "План"]
    orders = page.find("h2", string="Приказ").find_next("ul").select(".innopub-item__title")
    assert [a["href"] for a in orders] == [f"{NEW}/", f"{OLD}/"]  # newest first
    assert "утратило силу" in orders[1].find_parent("li").get_text()


def test_demo_decision_page_card_points_and_text(demo: Path) -> None:
    page = article(demo, f"decisions/{KOL}")
    card = {dt_.get_text(strip=True): dt_.find_next_sibling("dd") for dt_ in page.select(".innopub-card dt")}
    assert card["Вид"].get_text(strip=True) == "Решение коллегии" and card["Номер"].get_text() == "№\xa01"
    assert card["Дата принятия"].get_text(strip=True) == "23 января 2025\xa0г."
    assert card["Мероприятие"].a["href"] == "../../events/kollegiya-2025-innovacionnaya-infrastruktura/"
    assert card["Исполнение"].get_text(" ", strip=True).startswith("6\xa0пунктов: выполнено 2, просрочено 2, на исполнении 2")
    table = page.select_one("#points ~ .innopub-table table")
    assert table.caption.get_text(strip=True) == "Пункты решения: ответственные, сроки, исполнение и подтверждения"
    assert [(th.get_text(), th["scope"]) for th in table.select("thead th")] == [
        ("№", "col"), ("Пункт", "col"), ("Ответственные", "col"), ("Срок и исполнение", "col"),
    ]  # fmt: skip
    rows = table.select("tbody tr")
    assert [r["id"] for r in rows] == [f"p-{i}" for i in range(1, 7)]
    assert [r.td.get_text() for r in rows] == ["2.1", "2.2", "3.1", "3.2", "3.3", "4"]
    states = [r.select_one(".innopub-state")["class"][1].removeprefix("innopub-state--") for r in rows]
    assert states == ["done", "overdue", "done", "term", "standing", "overdue"]
    assert "просрочен на 450\xa0дней" in rows[1].get_text() and "просрочен на 542\xa0дня" in rows[5].get_text()
    evidence = [a["href"] for a in rows[0].select("td[data-label='Срок и исполнение'] a")]
    assert evidence == ["../../reports/nastavnichestvo-2024-2025/", "../../reports/shkola-7-bp-2024-2025/"]
    assert [a.get_text() for a in rows[5].select("td[data-label='Ответственные'] li")] == [
        "Руководители дошкольных образовательных организаций", "МДОУ «Детский сад №\xa015 „Солнышко“»",
    ]  # fmt: skip
    assert page.find("h2", id="text").find_next("strong").get_text() == "Коллегия решила:"  # the body (full text) follows


def test_demo_superseded_order_and_its_replacement(demo: Path) -> None:
    old = article(demo, f"decisions/{OLD}")
    card = {dt_.get_text(strip=True): dt_.find_next_sibling("dd") for dt_ in old.select(".innopub-card dt")}
    assert "утратило силу" in card["Заменено"].get_text() and card["Заменено"].a["href"] == f"../{NEW}/"
    states = [r["class"][1].removeprefix("innopub-point--") for r in old.select("#points ~ .innopub-table tbody tr")]
    assert states == ["done", "lifted", "lifted", "done", "done"]
    new = article(demo, f"decisions/{NEW}")
    card = {dt_.get_text(strip=True): dt_.find_next_sibling("dd") for dt_ in new.select(".innopub-card dt")}
    assert card["Заменяет"].a["href"] == f"../{OLD}/"


def test_demo_plan_renders_as_the_roadmap(demo: Path) -> None:
    page = article(demo, f"decisions/{PLAN}")
    assert page.find("h2", id="points") is None
    table = page.select_one("#plan + .innopub-table table")
    assert [th.get_text() for th in table.select("thead th")] == ["№", "Мероприятие", "Сроки", "Целевая аудитория", "Ожидаемый результат"]
    assert table.caption is not None and len(table.select("tbody tr")) == 8
    platform = article(demo, "platforms/nastavnichestvo-malye-goroda")
    roadmap = platform.select_one("#roadmap + .innopub-table table")
    assert [th.get_text() for th in roadmap.select("thead th")] == [th.get_text() for th in table.select("thead th")]  # one macro


def test_demo_control_page(demo: Path) -> None:
    page = article(demo, "control")
    assert page.h1.get_text(strip=True) == "Контроль исполнения"
    lead = page.select_one(".innopub-lead").get_text(" ", strip=True)
    assert lead.startswith("На контроле 12\xa0пунктов из 4\xa0решений, из них просрочено: 5 — по состоянию на 25 ноября 2026\xa0г.")
    table = page.select_one("table[data-innopub-control-table]")
    rows = table.select("tbody tr")
    assert [(*row_target(r), r["data-state"]) for r in rows] == CONTROL_ORDER
    assert all("просрочен на" in r.select_one("td[data-label='Срок и исполнение']").get_text() for r in rows if r["data-state"] == "overdue")
    assert rows[0]["data-responsible"] == "detsad-15-sokol" and rows[0]["data-kind"] == "reshenie-kollegii"
    assert rows[1]["data-responsible"] == ""  # «Управление образования»: text, not an organization of the site
    form = page.select_one("form[data-innopub-control-filter]")
    assert form.has_attr("hidden")  # shown by assets/control.js only
    assert [o["value"] for o in form.select("select[name=kind] option")] == ["", "reshenie-kollegii", "reshenie-soveta", "rezoliutsiia", "prikaz"]
    options = {o["value"]: o.get_text() for o in form.select("select[name=responsible] option")}
    assert {k: int(v.rsplit("(", 1)[1].rstrip(")")) for k, v in options.items() if k not in ("", "-")} == OPEN_BY_ORGANIZATION
    assert options["-"].endswith("(2)")
    for label in form.select("label"):
        assert form.select_one(f"#{label['for']}") is not None
    assert form.select_one("[aria-live=polite]") is not None
    # without JavaScript: a section per decision kind, each organization's points on its page
    kinds = {h["id"]: len(h.find_next("table").select("tbody tr")) for h in page.select("h3[id^=kind-]")}
    assert kinds == {"kind-reshenie-kollegii": 4, "kind-reshenie-soveta": 1, "kind-rezoliutsiia": 4, "kind-prikaz": 3}
    nav = page.select_one("nav.innopub-control-nav")
    assert {a["href"] for a in nav.select("a") if "organizations" in a["href"]} == {f"../organizations/{o}/#points" for o in OPEN_BY_ORGANIZATION}
    lifted = page.select_one("#lifted").find_next("ul").select("li")
    assert [a["href"] for li in lifted for a in li.select("a.innopub-item__title")] == [f"../decisions/{OLD}/#p-3", f"../decisions/{OLD}/#p-2"]
    assert page.select_one("script[src$='assets/control.js']") is not None
    assert all(PLAN not in a["href"] for a in table.select("a"))


def test_demo_organization_lists_its_points(demo: Path) -> None:
    page = article(demo, "organizations/imc-sokol")
    heading = page.find("h2", id="points")
    assert heading.get_text(" ", strip=True) == "Поручения по решениям (17\xa0пунктов)"
    rows = heading.find_next("table").select("tbody tr")
    targets = [row_target(r) for r in rows]
    # open (control order), then done (latest first), then lifted
    assert targets == [
        (FEST, 1), (NEW, 5), (FEST, 2), (KOL, 4), (KOL, 5), (NEW, 1),
        (NEW, 2), (NEW, 3), (KOL, 3), (OLD, 5), (OLD, 4), (OLD, 1), (NMS, 6), (NMS, 5), (NMS, 4),
        (OLD, 3), (OLD, 2),
    ]  # fmt: skip
    issued = page.find("h2", id="decisions").find_next("ul").select(".innopub-item__title")
    assert [a["href"].split("/")[-2] for a in issued] == [PLAN, NEW, OLD, NMS]
    kadnikov = article(demo, "organizations/kadnikovskaya-shkola")
    states = [r["class"][1] for r in kadnikov.find("h2", id="points").find_next("table").select("tbody tr")]
    assert states == [
        "innopub-point--overdue",
        "innopub-point--overdue",
        "innopub-point--done",
        "innopub-point--done",
    ]  # fest 3.2, new 5; fest 3.1, nms 3.1


def test_demo_events_list_the_decisions_adopted_at_them(demo: Path) -> None:
    for event, decision in (("festival-innofest-2026", FEST), ("kollegiya-2025-innovacionnaya-infrastruktura", KOL), ("nms-2022-08-innovacii", NMS)):
        page = article(demo, f"events/{event}")
        adopted = page.find("h2", id="decisions").find_next("ul").select(".innopub-item__title")
        assert [a["href"] for a in adopted] == [f"../../decisions/{decision}/"]
        assert any(a["href"] == f"../../decisions/{decision}/" for a in page.select("p a"))  # the body links it
    assert article(demo, "events/festival-innofest-2023").find("h2", id="decisions") is None


def test_demo_navigation_has_the_control_group(demo: Path) -> None:
    nav = soup(demo / "index.html").select_one("nav.md-nav--primary")
    group = next(li for li in nav.select("li.md-nav__item--nested") if li.find("label") and "Контроль исполнения" in li.find("label").get_text())
    assert [a["href"] for a in group.select("a.md-nav__link")] == ["control/", "decisions/"]  # the tab opens the control (issue 21)


def test_demo_check_is_strict_clean(demo_root: Path) -> None:
    result = innopub("check", "--strict", cwd=demo_root)
    assert result.returncode == 0, result.stdout + result.stderr


# The filter, in Chromium at 375 px ---------------------------------------------------------------------------------


def visible_rows(page) -> int:
    return page.locator("table[data-innopub-control-table] tbody tr:visible").count()


def test_filter_at_375_px(demo_url: str, browser) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(demo_url + "control/")
    status = page.locator("[data-innopub-control-count]")
    assert page.locator("form[data-innopub-control-filter]").is_visible()
    assert visible_rows(page) == 12 and status.text_content() == "Показаны все 12\xa0пунктов, просрочено: 5."
    page.get_by_label("Ответственный").select_option("kadnikovskaya-shkola")
    assert visible_rows(page) == 2 and status.text_content() == "Показано 2\xa0пункта из 12, просрочено: 2."
    page.get_by_label("Вид решения").select_option("prikaz")
    assert visible_rows(page) == 1 and status.text_content() == "Показано 1\xa0пункт из 12, просрочено: 1."
    assert "responsible=kadnikovskaya-shkola" in page.url and "kind=prikaz" in page.url
    assert not page.locator("[data-innopub-control-empty]").is_visible()
    page.get_by_label("Ответственный").select_option("ddt-sokol")  # ddt's one open point is a resolution's
    assert visible_rows(page) == 0 and page.locator("[data-innopub-control-empty]").is_visible()
    page.get_by_label("Вид решения").select_option("")
    page.get_by_label("Ответственный").select_option("-")
    assert visible_rows(page) == 2  # kollegiya 2.2, nms 3.2: responsible written as text
    # a card per row on a phone, and nothing wider than the screen
    assert page.evaluate("getComputedStyle(document.querySelector('table[data-innopub-control-table] tbody tr:not([hidden])')).display") == "block"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # the choice kept in the address
    page.goto(demo_url + "control/?responsible=imc-sokol")
    assert page.get_by_label("Ответственный").input_value() == "imc-sokol" and visible_rows(page) == 6
    context.close()


def test_without_javascript_every_point_is_listed_and_the_form_hidden(demo_url: str, browser) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_url + "control/?responsible=imc-sokol")
    assert not page.locator("form[data-innopub-control-filter]").is_visible()
    assert visible_rows(page) == 12
    assert page.locator("#kind-prikaz").is_visible()
    context.close()


# Open data ---------------------------------------------------------------------------------------------------------


def test_demo_points_dataset() -> None:
    model, problems = load_content(ROOT / "content", make_settings({"today": TODAY}, "test"))
    assert not problems.errors
    (dataset,) = datasets(model, "https://innopub.example.org/", [POINTS])
    rows = [dict(zip([c.name for c in dataset.columns], row, strict=True)) for row in dataset.rows]
    assert len(rows) == 27  # 6 + 6 + 5 + 5 + 5 points; the plan's rows are not points
    states = [r["state"] for r in rows]
    assert (states.count("просрочен"), states.count("выполнен"), states.count("снят с контроля")) == (5, 13, 2)
    row = next(r for r in rows if r["decision"] == KOL and r["point"] == "4")
    assert row["responsible"] == "detsad-15-sokol"
    assert row["responsiblenames"] == "Руководители дошкольных образовательных организаций; МДОУ «Детский сад № 15 „Солнышко“»"
    assert (row["due"], row["dueterm"], row["done"], row["daysoverdue"]) == (D(2025, 6, 1), None, None, 542)
    assert row["page"] == f"https://innopub.example.org/decisions/{KOL}/#p-6"
    standing = next(r for r in rows if r["decision"] == KOL and r["point"] == "3.3")
    assert (standing["due"], standing["dueterm"], standing["evidence"]) == (None, "постоянно", "https://innopub.example.org/bulletin/2026-04/")
    assert dataset.created == D(2022, 8, 30)  # the council's decision
    assert dataset.modified == D(2026, 9, 30)  # innofest 3.1 done; the latest day a point turned overdue is 2026-09-16
