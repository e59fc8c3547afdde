"""Decisions under control (issue 10) on a synthetic tree: points overdue or not as the build's date moves, the
control's order, an organization's and an event's decisions, every editor's error at its line with the closest value.
The demo's pages, the filter in Chromium and the dataset: tests/test_decisions_demo.py.

Every expectation is worked out by hand in the comments beside it, never computed by the code under test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.coordinators.control import Control, PointState, control_context, point_state
from generator.model.content import ContentModel
from generator.model.load import load_content
from generator.pages.catalog import nav_sections, site_pages
from generator.settings.options import make_settings
from tests.conftest import TODAY, innopub, project, write_files
from tests.fixtures.decisions import DAY, TREE

D = dt.date


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
    # the control page first: a group's tab opens its first page (issue 21)
    assert group == [("Контроль исполнения", "control.md"), ("Решения и резолюции", "decisions/index.md")]


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
            # DAY is 2025-03-10: a done date ahead of it would show the point done and hide that it is overdue
            HEAD + "items:\n  - text: П\n    due: 2025-03-01\n    done: 2099-01-01\n---\n",
            "content/decisions/x.md:9: дата исполнения 2099-01-01 ещё не наступила (сегодня 2025-03-10; ожидается день, когда пункт выполнен,",
        ),
        (
            HEAD + "items:\n  - text: П\n    done: 2025-03-11\n---\n",
            "content/decisions/x.md:8: дата исполнения 2025-03-11 ещё не наступила (сегодня 2025-03-10;",
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
        "done in the far future",
        "done tomorrow",
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


def test_a_point_done_today_is_done_and_one_done_tomorrow_is_refused(tmp_path: Path) -> None:
    today = HEAD + "items:\n  - text: П\n    due: 2025-03-01\n    done: 2025-03-10\n---\n"  # DAY itself
    assert not [p for p in problems_of(tmp_path / "a", with_decision(today)) if "x.md" in p]
    model = on(tmp_path / "a" / "content", DAY)
    assert point(model, "x", 1).state == PointState.DONE


def test_innopub_check_names_the_file_and_line_of_a_done_date_ahead(tmp_path: Path) -> None:
    """Issue 19, item 7: «done: 2099-01-01» had shown the point done and hidden that it was overdue."""
    files = {**with_decision(HEAD + "items:\n  - text: П\n    due: 2025-03-01\n    done: 2099-01-01\n---\n")}
    root = project(tmp_path, files, extra_config="      today: 2025-03-10\n")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(f"      today: {TODAY}\n", "", 1), encoding="utf-8")
    result = innopub("check", cwd=root)
    assert result.returncode == 1
    assert "content/decisions/x.md:9: дата исполнения 2099-01-01 ещё не наступила (сегодня 2025-03-10;" in result.stderr, result.stderr


def items(count: int, plan: bool = False) -> str:
    row = "  - what: Семинар {n}\n" if plan else "  - text: Пункт {n}\n    due: 2025-03-01\n"
    return "items:\n" + "".join(row.format(n=n) for n in range(1, count + 1)) + "---\n"


def test_a_decision_has_at_most_500_points(tmp_path: Path) -> None:
    """Issue 19, item 8: one decision with 10,000 points had made a 22 MB control page; its own page lists every point."""
    assert not [p for p in problems_of(tmp_path / "a", with_decision(HEAD + items(500))) if "x.md" in p]
    found = [p for p in problems_of(tmp_path / "b", with_decision(HEAD + items(10_000))) if "x.md" in p]
    assert found == [
        "content/decisions/x.md:6: в решении 10000 пунктов — больше 500 (ожидается не больше 500 в одном документе: "
        "разделите его на несколько решений, каждое со своими пунктами)"
    ]
    plan = HEAD.replace("kind: решение коллегии", "kind: план") + items(501, plan=True)
    assert [p for p in problems_of(tmp_path / "c", with_decision(plan)) if "x.md" in p] == [
        "content/decisions/x.md:6: в плане 501 строка — больше 500 (ожидается не больше 500 в одном документе: "
        "разделите его на несколько решений, каждое со своими пунктами)"
    ]
