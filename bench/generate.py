"""Synthetic content in the editors' format (CONTENT-CONTRACT.md) for benchmarks.

``generate(folder, entries)`` writes about ``entries`` entries of every kind — organizations,
platforms, reports, practices, events, collections, articles — with realistic Russian text,
people (some with «ё»), references between entries and vocabulary values. The same seed gives
the same tree, so runs compare.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml
from slugify import slugify

from generator.settings.options import DEFAULT_DIRECTIONS, DEFAULT_STATUSES

# Share of each kind in the total (the rest of a rounding goes to reports).
SHARES = {"organizations": 0.08, "platforms": 0.10, "reports": 0.28, "practices": 0.20, "events": 0.12, "collections": 0.02, "articles": 0.20}

MUNICIPALITIES = [
    "г. Сокол", "г. Кадников", "г. Вологда", "г. Череповец", "г. Великий Устюг", "г. Тотьма", "г. Грязовец",
    "г. Кириллов", "г. Белозерск", "г. Никольск", "с. Устье", "пос. Шексна", "с. Кичменгский Городок", "г. Харовск",
]  # fmt: skip
ORG_KINDS = [
    ("школа", "МБОУ «СОШ № {n}»", "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № {n}»"),
    ("школа", "МОУ «Гимназия № {n}»", "Муниципальное общеобразовательное учреждение «Гимназия № {n}»"),
    ("детский сад", "МДОУ «Детский сад № {n}»", "Муниципальное дошкольное образовательное учреждение «Детский сад № {n}»"),
    (
        "дополнительное образование",
        "МБУ ДО «ДДТ № {n}»",
        "Муниципальное бюджетное учреждение дополнительного образования «Дом детского творчества № {n}»",
    ),
    ("методический центр", "МКУ «ИМЦ № {n}»", "Муниципальное казённое учреждение «Информационно-методический центр № {n}»"),
]
SURNAMES = [
    ("Ёлкин", "Ёлкина"), ("Соловьёв", "Соловьёва"), ("Парфёнов", "Парфёнова"), ("Кауров", "Каурова"), ("Корнилов", "Корнилова"),
    ("Горбунов", "Горбунова"), ("Зуев", "Зуева"), ("Воронин", "Воронина"), ("Лебедев", "Лебедева"), ("Смирнов", "Смирнова"),
    ("Кузнецов", "Кузнецова"), ("Мохов", "Мохова"), ("Тихомиров", "Тихомирова"), ("Никитин", "Никитина"), ("Рябов", "Рябова"),
    ("Берёзкин", "Берёзкина"), ("Ковалёв", "Ковалёва"), ("Поляков", "Полякова"), ("Шилов", "Шилова"), ("Белов", "Белова"),
    ("Лаптев", "Лаптева"), ("Шаров", "Шарова"), ("Кравцов", "Кравцова"), ("Петров", "Петрова"), ("Орлов", "Орлова"),
    ("Гусев", "Гусева"), ("Селиванов", "Селиванова"), ("Федотов", "Федотова"), ("Щукин", "Щукина"), ("Журавлёв", "Журавлёва"),
]  # fmt: skip
MEN = ["Сергей", "Игорь", "Константин", "Дмитрий", "Павел", "Вадим", "Алексей", "Андрей", "Михаил", "Николай"]
WOMEN = ["Ирина", "Марина", "Анна", "Екатерина", "Татьяна", "Алла", "Галина", "Светлана", "Людмила", "Дарья", "Ольга", "Наталья"]
FATHERS = [
    ("Викторович", "Викторовна"), ("Сергеевич", "Сергеевна"), ("Игоревич", "Игоревна"), ("Николаевич", "Николаевна"),
    ("Петрович", "Петровна"), ("Олегович", "Олеговна"), ("Андреевич", "Андреевна"), ("Фёдорович", "Фёдоровна"),
]  # fmt: skip
POSITIONS = ["директор", "заместитель директора по учебно-воспитательной работе", "учитель математики", "учитель биологии",
             "методист", "педагог дополнительного образования", "воспитатель", "учитель начальных классов", "педагог-психолог"]  # fmt: skip
STATUSES = [s.code for s in DEFAULT_STATUSES]
DIRECTIONS = list(DEFAULT_DIRECTIONS)
LEVELS = ["ДО", "НОО", "ООО", "СОО", "ДОП"]
EVENT_KINDS = ["конференция", "семинар", "форум", "фестиваль", "педсовет", "вебинар", "курсы"]
TOPICS = [
    "функциональной грамотности", "сетевого наставничества", "краеведческой проектной деятельности", "цифрового следа обучающегося",
    "инженерного мышления дошкольников", "ученического самоуправления", "профессионального самоопределения", "смыслового чтения",
    "естественнонаучной грамотности", "индивидуальных образовательных маршрутов", "инклюзивного образования", "школьного театра",
    "агротехнологического профиля", "финансовой грамотности", "медиаобразования", "экологического воспитания",
]  # fmt: skip
SUBJECTS = ["математика", "биология", "история", "информатика", "литература", "география", "физика", "химия"]
TAGS = ["проектная деятельность", "наставничество", "цифровые инструменты", "сетевое взаимодействие", "исследовательская деятельность",
        "родители", "оценивание", "малая школа", "одарённые дети", "воспитание"]  # fmt: skip

OPENINGS = [
    "В отчётный период площадка продолжила работу по теме {topic}.",
    "Педагогический коллектив апробировал новые формы работы в области {topic}.",
    "Опыт {org} показывает, что развитие {topic} требует согласованных действий всех участников.",
    "Практика выросла из запроса родителей и обучающихся на развитие {topic}.",
    "Основная идея проекта — соединить урочную и внеурочную деятельность вокруг {topic}.",
]
SENTENCES = [
    "В работе приняли участие {n} обучающихся и {m} педагогов, а также родители и социальные партнёры.",
    "Для каждого класса составлен план мероприятий на учебный год с указанием сроков и ответственных.",
    "Проведены открытые занятия, мастер-классы и круглые столы для педагогов округа.",
    "Результаты диагностики показали рост доли обучающихся, успешно выполняющих комплексные задания, на {p} процентов.",
    "Наставники провели {n} встреч с молодыми специалистами, обсуждая планирование уроков и оценивание.",
    "Разработаны методические рекомендации, рабочие программы и сборник заданий для учителей.",
    "Трудности связаны с нехваткой времени у педагогов и с недостаточным оснащением кабинетов.",
    "Площадка сотрудничает с вузом, который обеспечивает научное сопровождение и экспертизу продуктов.",
    "Обучающиеся представили исследовательские работы на муниципальной конференции и стали призёрами.",
    "Родители отметили, что дети стали самостоятельнее и охотнее рассказывают о своих проектах.",
    "Материалы опубликованы на сайте организации и переданы в методический кабинет управления образования.",
    "На следующий год запланировано расширение сети партнёров и проведение выездного семинара.",
    "Учителя используют цифровые платформы, чтобы видеть продвижение каждого ученика и вовремя помогать ему.",
    "Краеведческие маршруты по родному городу стали постоянной частью программы воспитания.",
    "Ёмкие задания с открытым ответом помогают учащимся переносить знания в новые ситуации.",
    "Команда площадки подготовила публикацию об опыте работы для регионального сборника.",
]
HEADINGS = ["Цели и задачи", "Содержание работы", "Результаты", "Трудности и пути их решения", "Перспективы", "Продукты", "Выводы"]


class Writer:
    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)

    def person(self, organization: str | None = None) -> dict[str, str]:
        male = self.rnd.random() < 0.25
        surname = self.rnd.choice(SURNAMES)[0 if male else 1]
        first = self.rnd.choice(MEN if male else WOMEN)
        father = self.rnd.choice(FATHERS)[0 if male else 1]
        data = {"name": f"{surname} {first} {father}", "position": self.rnd.choice(POSITIONS)}
        if organization:
            data["organization"] = organization
        return data

    def paragraph(self, topic: str, org: str, size: int) -> str:
        parts = [self.rnd.choice(OPENINGS).format(topic=topic, org=org)]
        for _ in range(size):
            parts.append(self.rnd.choice(SENTENCES).format(n=self.rnd.randint(5, 300), m=self.rnd.randint(2, 40), p=self.rnd.randint(3, 30)))
        return " ".join(parts)

    def body(self, topic: str, org: str, sections: int) -> str:
        chunks = [self.paragraph(topic, org, 4)]
        for heading in self.rnd.sample(HEADINGS, min(sections, len(HEADINGS))):
            chunks.append(f"## {heading}")
            chunks += [self.paragraph(topic, org, self.rnd.randint(4, 8)) for _ in range(self.rnd.randint(2, 4))]
            if self.rnd.random() < 0.3:
                chunks.append("\n".join(f"- {self.rnd.choice(SENTENCES).format(n=3, m=2, p=10)}" for _ in range(4)))
        return "\n\n".join(chunks) + "\n"

    def date(self, year_from: int = 2019, year_to: int = 2026) -> str:
        return f"{self.rnd.randint(year_from, year_to)}-{self.rnd.randint(1, 12):02d}-{self.rnd.randint(1, 28):02d}"


def _write(folder: Path, kind: str, entry_id: str, meta: dict, body: str) -> None:
    path = folder / kind / f"{entry_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")


def counts(entries: int) -> dict[str, int]:
    found = {kind: max(1, int(entries * share)) for kind, share in SHARES.items()}
    found["reports"] += max(0, entries - sum(found.values()))
    return found


def generate(folder: Path, entries: int, seed: int = 2026) -> dict[str, int]:
    """Write a content tree of about ``entries`` entries into ``folder``; returns the count per kind."""
    w = Writer(seed)
    rnd = w.rnd
    n = counts(entries)
    orgs = []
    for i in range(n["organizations"]):
        org_kind, short, full = ORG_KINDS[i % len(ORG_KINDS)]
        town = MUNICIPALITIES[i % len(MUNICIPALITIES)]
        oid = f"org-{i + 1}-{slugify(town)}"
        meta = {"title": f"{full.format(n=i + 1)} ({town})", "short": short.format(n=i + 1), "municipality": town, "kind": org_kind}
        _write(folder, "organizations", oid, meta, w.body(rnd.choice(TOPICS), short.format(n=i + 1), 1))
        orgs.append((oid, meta["short"]))
    platforms = []
    for i in range(n["platforms"]):
        topic = TOPICS[i % len(TOPICS)]
        members = rnd.sample(orgs, 2 if rnd.random() < 0.15 and len(orgs) > 1 else 1)
        pid = f"platform-{i + 1}"
        meta = {
            "title": f"Развитие {topic} как условие повышения качества образования (площадка {i + 1})",
            "status": STATUSES[i % len(STATUSES)],
            "organizations": [o[0] for o in members],
            "start": w.date(2018, 2024),
            "leader": w.person(members[0][0]),
            "directions": rnd.sample(DIRECTIONS, 2),
            "tags": rnd.sample(TAGS, 2),
        }
        _write(folder, "platforms", pid, meta, w.body(topic, members[0][1], 3))
        start_year, start_month = map(int, meta["start"].split("-")[:2])
        platforms.append((pid, topic, members, start_year if start_month >= 9 else start_year - 1))
    events = []
    for i in range(n["events"]):
        organizer = rnd.choice(orgs)
        topic = rnd.choice(TOPICS)
        eid = f"event-{i + 1}"
        kind = EVENT_KINDS[i % len(EVENT_KINDS)]
        meta = {
            "title": f"Муниципальный {kind if kind != 'конференция' else 'форум'} «Практики {topic}» № {i + 1}",
            "kind": kind,
            "date": w.date(),
            "place": f"{MUNICIPALITIES[i % len(MUNICIPALITIES)]}, {organizer[1]}",
            "organizers": [organizer[0]],
            "participants": rnd.randint(15, 300),
            "tags": rnd.sample(TAGS, 2),
        }
        _write(folder, "events", eid, meta, w.body(topic, organizer[1], 2))
        events.append(eid)
    for i in range(n["reports"]):
        pid, topic, members, first_year = platforms[i % len(platforms)]
        # A report is for an academic year of its platform's term: from the year it started to 2024/2025
        # (the last year that has ended on the bench's day, 25 November 2025: SOURCE_DATE_EPOCH in bench/run.py).
        year = first_year + (i // len(platforms)) % max(1, 2025 - first_year)
        meta = {
            "title": f"Отчёт инновационной площадки «{topic.capitalize()}» за {year}-{year + 1} учебный год ({i + 1})",
            "date": f"{year + 1}-06-{rnd.randint(1, 28):02d}",
            "platform": pid,
            "period": f"{year}-{year + 1} учебный год",
            "authors": [w.person(members[0][0]) for _ in range(rnd.randint(1, 3))],
            "directions": rnd.sample(DIRECTIONS, 1),
            "tags": rnd.sample(TAGS, 2),
        }
        _write(folder, "reports", f"report-{i + 1}", meta, w.body(topic, members[0][1], 6))
    for i in range(n["practices"]):
        pid, topic, members, _ = rnd.choice(platforms)
        org = members[0]
        meta = {
            "title": f"Практика {topic}: {rnd.choice(SUBJECTS)} в {rnd.randint(1, 11)} классе ({i + 1})",
            "date": w.date(),
            "authors": [w.person(org[0]) for _ in range(rnd.randint(1, 2))],
            "organization": org[0],
            "platform": pid,
            "levels": rnd.sample(LEVELS, rnd.randint(1, 2)),
            "subjects": [rnd.choice(SUBJECTS)],
            "directions": rnd.sample(DIRECTIONS, 1),
            "tags": rnd.sample(TAGS, 2),
        }
        _write(folder, "practices", f"practice-{i + 1}", meta, w.body(topic, org[1], 4))
    collections = []
    for i in range(n["collections"]):
        sections = [f"Секция {s + 1}: {TOPICS[(i + s) % len(TOPICS)]}" for s in range(3)]
        cid = f"collection-{i + 1}"
        meta = {
            "title": f"Сборник материалов научно-практической конференции «Инновационная практика» № {i + 1}",
            "kind": "conference",
            "date": w.date(),
            "editors": [w.person(rnd.choice(orgs)[0])],
            "event": events[i % len(events)],
            "sections": sections,
            "publisher": "МКУ «ИМЦ»",
            "city": "Сокол",
        }
        _write(folder, "collections", cid, meta, w.paragraph(rnd.choice(TOPICS), "ИМЦ", 3) + "\n")
        collections.append((cid, sections, meta["date"]))
    for i in range(n["articles"]):
        cid, sections, date = collections[i % len(collections)]
        org = rnd.choice(orgs)
        topic = rnd.choice(TOPICS)
        meta = {
            "title": f"Опыт развития {topic} в образовательной организации ({i + 1})",
            "date": date,
            "authors": [w.person(org[0]) for _ in range(rnd.randint(1, 3))],
            "collection": cid,
            "section": rnd.choice(sections),
            "abstract": w.paragraph(topic, org[1], 2),
            "keywords": rnd.sample(TAGS, 3),
        }
        _write(folder, "articles", f"article-{i + 1}", meta, w.body(topic, org[1], 5))
    (folder / "about.md").write_text("# О сайте\n\nСинтетическое содержание для измерения скорости сборки.\n", encoding="utf-8")
    return n
