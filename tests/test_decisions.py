"""Decisions under control (issue 10): points overdue or not as the build's date moves, the control's order, every
editor's error at its line, the demo's pages parsed, the control page's filter in Chromium at 375 px, the dataset.

The synthetic tree's expectations are worked out by hand in the comments beside them; the demo's are counted by
hand from its files (content/decisions/) and written here, never computed by the code under test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.control import Control, PointState, control_context, point_state
from generator.datasets import POINTS, datasets
from generator.load import load_content
from generator.model import ContentModel
from generator.pages import nav_sections, site_pages
from generator.settings import make_settings
from tests.conftest import ROOT, TODAY, innopub, soup, write_files

D = dt.date

ORG = "---\ntitle: {title}\nshort: {title}\nmunicipality: г. Сокол\n---\n"
TREE = {
    "organizations/org-a.md": ORG.format(title="Школа А"),
    "organizations/org-b.md": ORG.format(title="Школа Б"),
    "platforms/alpha.md": "---\ntitle: Альфа\nstatus: МИП\norganizations: [org-a]\nstart: 2024-09-01\n---\nТекст.\n",
    "reports/alpha-2025.md": "---\ntitle: Отчёт Альфа\ndate: 2025-02-15\nplatform: alpha\nperiod: 2024/2025\nauthors: [Иванова Анна Петровна]\n---\n",
    "events/kollegiya.md": "---\ntitle: Коллегия\nkind: коллегия\ndate: 2025-01-20\nplace: Сокол\n---\nТекст.\n",
    # the collegium's decision, adopted at the event
    "decisions/resh.md": """---
title: Решение коллегии
kind: решение коллегии
date: 2025-01-20
number: 01-05/295
issuer: Коллегия управления образования
event: kollegiya
items:
  - text: Пункт А
    responsible: [org-a]
    due: 2025-03-01
  - text: Пункт Б
    responsible: [org-b, Руководители школ]
    due: 2025-03-01
    done: 2025-02-20
    result: Сделано.
    evidence: [reports/alpha-2025]
  - text: Пункт В
    responsible: [org-a]
    due: постоянно
  - text: Пункт Г
    responsible: [Управление образования]
    due: октябрь — июнь
  - text: Пункт Д
    responsible: [org-b]
  - number: "6.1"
    text: Пункт Е
    responsible: [org-b]
    due: 2025-02-10
---
Полный текст решения.
""",
    # an order, replaced by the next one: its open point is lifted from control, its done point stays done
    "decisions/old.md": """---
title: Старый приказ
kind: приказ
date: 2024-09-01
issuer: org-a
items:
  - text: Пункт Ж
    responsible: [org-a]
    due: 2024-12-01
  - text: Пункт З
    responsible: [org-a]
    due: 2024-10-01
    done: 2024-10-01
---
""",
    "decisions/new.md": """---
title: Новый приказ
kind: приказ
date: 2025-02-01
issuer: org-a
supersedes: old
items:
  - text: Пункт И
    responsible: [org-a]
    due: 2025-06-30
  - text: Пункт К
    responsible: [org-a]
    due: 2025-03-01
---
""",
    "decisions/plan.md": """---
title: План
kind: план
date: 2024-08-30
issuer: org-a
items:
  - what: Семинар
    when: ежемесячно
    audience: руководители
    result: обмен опытом
  - what: Фестиваль
    when: апрель
---
""",
    "decisions/draft.md": (
        "---\ntitle: Черновик\nkind: приказ\ndate: 2025-01-01\nissuer: org-a\ndraft: true\nitems:\n  - text: Пункт Л\n    due: 2025-01-02\n---\n"
    ),
}
DAY = D(2025, 3, 10)
"""The synthetic tree's «today»."""


def load(root: Path, files: dict[str, str], today: dt.date = DAY) -> ContentModel:
    write_files(root / "content", files)
    model, problems = load_content(root / "content", make_settings({"today": today}, "test"))
    assert not problems.errors, problems.report()
    return model


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("decisions")
    load(root, TREE)
    return root / "content"


def on(content: Path, today: dt.date) -> ContentModel:
    model, problems = load_content(content, make_settings({"today": today}, "test"))
    assert not problems.errors, problems.report()
    return model


def point(model: ContentModel, decision: str, index: int):
    control = Control(model)
    return control.points(model.get("decisions", decision))[index - 1]


# Overdue as the date moves ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "state", "days"),
    [
        (D(2025, 2, 28), "due", 0),  # the day before the due date
        (D(2025, 3, 1), "due", 0),  # the due date itself: still on time
        (D(2025, 3, 2), "overdue", 1),  # the day after: overdue by one day
        (D(2025, 4, 1), "overdue", 31),  # 2 March → 1 April
    ],
)
def test_a_point_turns_overdue_the_day_after_its_due_date(tree: Path, today: dt.date, state: str, days: int) -> None:
    p = point(on(tree, today), "resh", 1)  # «Пункт А», due 2025-03-01, not done
    assert (p.state.value, p.days_overdue) == (state, days)


def test_a_done_point_is_never_overdue_even_when_done_late(tmp_path: Path) -> None:
    late = TREE["decisions/resh.md"].replace("    due: 2025-03-01\n  - text: Пункт Б", "    due: 2025-03-01\n    done: 2025-03-05\n  - text: Пункт Б")
    model = load(tmp_path, {**TREE, "decisions/resh.md": late}, D(2025, 3, 10))
    p = point(model, "resh", 1)
    assert (p.state, p.days_overdue, p.done, p.late) == (PointState.DONE, 0, D(2025, 3, 5), True)
    on_time = point(model, "resh", 2)  # done 2025-02-20, due 2025-03-01
    assert (on_time.state, on_time.late) == (PointState.DONE, False)


def test_undated_points_are_never_overdue(tree: Path) -> None:
    far = on(tree, D(2099, 1, 1))
    assert [point(far, "resh", i).state.value for i in (3, 4, 5)] == ["standing", "term", "undated"]


@pytest.mark.parametrize(
    ("due", "done", "lifted", "expected"),
    [
        (D(2025, 3, 1), None, False, PointState.OVERDUE),
        (D(2025, 3, 10), None, False, PointState.DUE),
        (D(2025, 3, 1), D(2025, 3, 9), False, PointState.DONE),
        (D(2025, 3, 1), None, True, PointState.LIFTED),
        (D(2025, 3, 1), D(2025, 2, 1), True, PointState.DONE),  # done before its decision was replaced: stays done
        ("постоянно", None, False, PointState.STANDING),
        ("сентябрь — май", None, False, PointState.TERM),
        (None, None, False, PointState.UNDATED),
    ],
)
def test_point_state(due, done, lifted, expected) -> None:
    assert point_state(due, done, lifted, D(2025, 3, 10)) == expected


def test_a_superseded_decisions_open_points_are_lifted_and_its_done_ones_stay_done(tree: Path) -> None:
    model = on(tree, DAY)
    assert [p.state.value for p in Control(model).points(model.get("decisions", "old"))] == ["lifted", "done"]
    assert [d.id for d in Control(model).superseded_by(model.get("decisions", "old"))] == ["new"]


def test_plans_and_drafts_have_no_points_under_control(tree: Path) -> None:
    model = on(tree, DAY)
    control = Control(model)
    assert control.points(model.get("decisions", "plan")) == []
    assert model.get("decisions", "draft") is None
    assert {p.decision.id for p in control.all()} == {"resh", "old", "new"}


# The control's order --------------------------------------------------------------------------------------

# On 2025-03-10, by hand: dated points by date — resh 6.1 (10 Feb, 28 days overdue), resh 1 and new 2 (both 1 March,
# 9 days; resh is the older decision), new 1 (30 June, due) — then the term in words (resh 4), the standing one
# (resh 3), the one without a term (resh 5). Not listed: resh 2 (done), old 1 (lifted), old 2 (done), the plan, the draft.
ORDER = [("resh", "6.1", 28), ("resh", "1", 9), ("new", "2", 9), ("new", "1", 0), ("resh", "4", 0), ("resh", "3", 0), ("resh", "5", 0)]


def test_control_lists_open_points_dated_first_overdue_first_then_undated(tree: Path) -> None:
    context = control_context(on(tree, DAY))
    assert [(p.decision.id, p.number, p.days_overdue) for p in context["points"]] == ORDER
    assert (context["summary"].total, context["summary"].overdue) == (7, 3)
    assert [(p.decision.id, p.number) for p in context["lifted"]] == [("old", "1")]
    assert [(g.title, len(g.points)) for g in context["kinds"]] == [("Решение коллегии", 5), ("Приказ", 2)]
    assert [(g.key, len(g.points), g.overdue) for g in context["organizations"]] == [("org-a", 4, 2), ("org-b", 2, 1)]
    assert context["text_only"] == 1  # resh 4: «Управление образования» only
    assert context["decisions"] == 2


def test_an_organization_lists_its_open_points_then_done_then_lifted(tree: Path) -> None:
    model = on(tree, DAY)
    control = Control(model)
    org_a = [(p.decision.id, p.number) for p in control.of_organization(model.get("organizations", "org-a"))]
    org_b = [(p.decision.id, p.number) for p in control.of_organization(model.get("organizations", "org-b"))]
    assert org_a == [("resh", "1"), ("new", "2"), ("new", "1"), ("resh", "3"), ("old", "2"), ("old", "1")]
    assert org_b == [("resh", "6.1"), ("resh", "5"), ("resh", "2")]


def test_the_event_lists_the_decisions_adopted_at_it_and_the_issuer_its_own(tree: Path) -> None:
    model = on(tree, DAY)
    control = Control(model)
    assert [d.id for d in control.adopted_at(model.get("events", "kollegiya"))] == ["resh"]
    assert [d.id for d in control.issued_by(model.get("organizations", "org-a"))] == ["new", "old", "plan"]
    assert control.issued_by(model.get("organizations", "org-b")) == []
    report = model.get("reports", "alpha-2025")
    assert [d.id for d in report.backlinks["decisions"]] == ["resh"]  # evidence links back


def test_control_page_and_nav(tree: Path) -> None:
    model = on(tree, DAY)
    specs = {spec.path: spec for spec in site_pages(model)}
    assert specs["control.md"].title == "Контроль исполнения" and specs["control.md"].template == "innopub/control.html"
    group = dict(nav_sections(model))["Контроль исполнения"]
    assert group == [("Решения и резолюции", "decisions/index.md"), ("Контроль исполнения", "control.md")]


def test_without_decisions_there_is_no_control_page(tmp_path: Path) -> None:
    model = load(tmp_path, {k: v for k, v in TREE.items() if not k.startswith("decisions/")})
    assert "control.md" not in {spec.path for spec in site_pages(model)}
    assert "Контроль исполнения" not in dict(nav_sections(model))


# Errors, each at its line --------------------------------------------------------------------------------


def problems_of(tmp_path: Path, files: dict[str, str]) -> list[str]:
    write_files(tmp_path / "content", files)
    _, problems = load_content(tmp_path / "content", make_settings({"today": DAY}, "test"))
    return [str(p) for p in problems]


def with_decision(text: str) -> dict[str, str]:
    return {**{k: v for k, v in TREE.items() if k != "decisions/draft.md"}, "decisions/x.md": text}


HEAD = "---\ntitle: Решение\nkind: решение коллегии\ndate: 2025-01-20\nissuer: org-a\n"  # lines 1–5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            HEAD + "items:\n  - text: П\n    responsible: [org-a, org-bb]\n---\n",
            "content/decisions/x.md:8: неизвестная ссылка: нет записи «org-bb» в content/organizations/ (возможно, «org-b»)",
        ),
        (
            HEAD + "items:\n  - text: П\n    evidence:\n      - reports/alpha-2024\n---\n",
            "content/decisions/x.md:9: неизвестная запись: нет «alpha-2024» в content/reports/ (возможно, «alpha-2025»)",
        ),
        (
            HEAD + "items:\n  - text: П\n    evidence: [report/alpha-2025]\n---\n",
            "content/decisions/x.md:8: «report/alpha-2025» — не ссылка на запись (ожидается вид/id, например reports/otchet-2026; "
            "возможно, вид «reports»)",
        ),
        (
            HEAD + "supersedes: nwe\n---\n",
            "content/decisions/x.md:6: неизвестная ссылка: нет записи «nwe» в content/decisions/ (возможно, «new»)",
        ),
        (
            HEAD + "event: kolegiya\n---\n",
            "content/decisions/x.md:6: неизвестная ссылка: нет записи «kolegiya» в content/events/ (возможно, «kollegiya»)",
        ),
        (
            HEAD.replace("issuer: org-a", "issuer: org-aa") + "---\n",
            "content/decisions/x.md:5: неизвестная ссылка: нет записи «org-aa» в content/organizations/ (возможно, «org-a»)",
        ),
        (
            HEAD + "items:\n  - text: П\n    due: до 01.03.2025\n---\n",
            "content/decisions/x.md:8: срок «до 01.03.2025» записан не датой (ожидается только дата в виде ГГГГ-ММ-ДД: due: 2025-03-01;",
        ),
        (
            HEAD + "items:\n  - text: П\n    due: 2025-02-30\n---\n",
            "content/decisions/x.md:8: несуществующая дата 2025-02-30 (проверьте день и месяц)",
        ),
        (
            HEAD + "items:\n  - text: П\n    due: [2025-03-01]\n---\n",
            "content/decisions/x.md:8: срок пункта — дата, «постоянно» или срок словами",
        ),
        (
            HEAD + "items:\n  - text: П\n    due: 2025-03-01\n    done: 2025-01-10\n---\n",
            "content/decisions/x.md:9: дата исполнения 2025-01-10 раньше даты решения 2025-01-20 (ожидается дата не раньше неё)",
        ),
        (
            HEAD + "items:\n  - text: П\n    due: 2024-12-31\n---\n",
            "content/decisions/x.md:8: срок 2024-12-31 раньше даты решения 2025-01-20 (ожидается дата не раньше неё)",
        ),
        (
            HEAD.replace("kind: решение коллегии", "kind: решение колегии") + "---\n",
            "content/decisions/x.md:3: недопустимое значение «решение колегии» поля «kind» (возможно, «решение коллегии»; допустимы:",
        ),
        (
            HEAD + "items:\n  - responsible: [org-a]\n---\n",
            "content/decisions/x.md:7: в пункте решения нет поля «text» (ожидается, что поручено)",
        ),
        (
            HEAD.replace("kind: решение коллегии", "kind: план") + "items:\n  - what: Семинар\n    due: 2025-03-01\n---\n",
            "content/decisions/x.md:8: поле «due» — для пунктов решения, а это план (kind: план): его строки — what, when, audience, result",
        ),
        (
            HEAD + "items:\n  - text: П\n    evidence: [decisions/x]\n---\n",
            "content/decisions/x.md:8: решение не может подтверждать само себя",
        ),
        (
            HEAD + "supersedes: x\n---\n",
            "content/decisions/x.md:6: решение не может заменять само себя (ожидается id более раннего решения)",
        ),
        (
            HEAD.replace("date: 2025-01-20", "date: 2025-01-10") + "supersedes: new\n---\n",
            "content/decisions/x.md:6: заменяемое решение «new» принято позже (2025-02-01), чем это (ожидается более раннее решение)",
        ),
        (
            HEAD + "items:\n  - text: П\n    evidence: [decisions/draft]\n---\n",
            "content/decisions/x.md:8: «decisions/draft» — черновик (draft: true), у него нет страницы на сайте",
        ),
    ],
    ids=[
        "unknown responsible",
        "unknown evidence",
        "evidence of an unknown kind",
        "unknown supersedes",
        "unknown event",
        "unknown issuer id",
        "due written as a Russian date",
        "due on a day that does not exist",
        "due as a list",
        "done before the decision",
        "due before the decision",
        "wrong kind",
        "point without text",
        "plan row with a due",
        "evidence of itself",
        "supersedes itself",
        "supersedes a later decision",
        "evidence is a draft",
    ],
)
def test_each_error_at_its_line_with_the_closest_value(tmp_path: Path, text: str, expected: str) -> None:
    tree = with_decision(text)
    if "decisions/draft" in text:
        tree["decisions/draft.md"] = TREE["decisions/draft.md"]
    found = problems_of(tmp_path, tree)
    assert any(p.startswith(expected) for p in found), "\n".join(found)


def test_decisions_that_replace_each_other_in_a_circle(tmp_path: Path) -> None:
    one = HEAD + "supersedes: y\n---\n"
    two = HEAD.replace("title: Решение", "title: Другое") + "supersedes: x\n---\n"
    found = problems_of(tmp_path, {**with_decision(one), "decisions/y.md": two})
    assert (
        "content/decisions/x.md:6: решения заменяют друг друга по кругу: decisions/x → decisions/y → … (уберите одну из ссылок supersedes)" in found
    )
    assert (
        "content/decisions/y.md:6: решения заменяют друг друга по кругу: decisions/y → decisions/x → … (уберите одну из ссылок supersedes)" in found
    )


def test_every_problem_of_a_decision_in_one_run(tmp_path: Path) -> None:
    text = HEAD + "event: kolegiya\nitems:\n  - text: П\n    responsible: [org-bb]\n    due: 01.03.2025\n    evidence: [reports/nope]\n---\n"
    lines = sorted(int(p.split(":")[1]) for p in problems_of(tmp_path, with_decision(text)) if p.startswith("content/decisions/x.md"))
    assert lines == [6, 9, 10, 11]  # event, responsible, due, evidence: the bad due fails the file, its references are still checked


def test_free_text_responsible_and_issuer_are_not_ids(tree: Path) -> None:
    model = on(tree, DAY)
    p = point(model, "resh", 2)
    assert [r if isinstance(r, str) else r.id for r in p.responsible] == ["org-b", "Руководители школ"]
    assert model.get("decisions", "resh").refs["issuer"] == []


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
    assert [a["href"] for a in group.select("a.md-nav__link")] == ["decisions/", "control/"]


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
