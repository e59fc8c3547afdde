"""Entry files exactly as the web editor (Sveltia CMS) writes them: tests/test_cms.py checks them."""

# Files exactly as Sveltia writes them (its bundle: `yaml` stringify with indent 2, indentSeq true, lineWidth 0,
# plain strings unless YAML needs double quotes; keys in the order of the collection's fields; empty optional
# fields omitted; then `---`, an empty line and the body). One per kind, referring to each other.
CMS_FILES = {
    "organizations/shkola-5-totma.md": """---
title: Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 5» города Тотьмы
draft: false
tags:
  - сельская школа
short: МБОУ «СШ № 5»
municipality: Тотемский муниципальный округ
kind: школа
address: |-
  161300, Вологодская область,
  г. Тотьма, ул. Ленина, д. 5
website: https://school5.example.ru
---
""",
    "platforms/totma-agro.md": """---
title: "Агрокласс: профориентация в сельской школе"
draft: false
directions:
  - Успех каждого ребенка
status: МИП
organizations:
  - shkola-5-totma
start: 2024-09-01
leader:
  name: Смирнова Анна Петровна
  position: директор
supervisor:
  name: Ёлкин Пётр Ильич
roadmap:
  - what: Семинар для учителей
    when: октябрь - июнь
    audience: учителя биологии
products:
  - title: Программа курса «Агробизнес»
    file: platforms/programma.pdf
---

Площадка работает с 2024 года.
""",
    "reports/totma-agro-2024-2025.md": """---
title: Отчёт площадки «Агрокласс» за 2024-2025 учебный год
date: 2025-06-20
draft: false
attachments:
  - file: platforms/programma.pdf
    title: Программа курса
platform: totma-agro
period: 2024-2025 учебный год
authors:
  - name: Смирнова Анна Петровна
    position: директор
    organization: shkola-5-totma
stage: основной
---

## Результаты

План выполнен.
""",
    "events/seminar-totma-2025.md": """---
title: Семинар «Сельская школа — территория профориентации»
date: 2025-03-14
draft: false
kind: семинар
end: 2025-03-15
place: г. Тотьма, МБОУ «СШ № 5»
organizers:
  - shkola-5-totma
participants: 40
sections:
  - Агрокласс
---
""",
    "practices/totma-teplica.md": """---
title: "Школьная теплица: проект 7 класса"
date: 2025-04-01
draft: false
authors:
  - name: Ёлкин Пётр Ильич
organization: shkola-5-totma
platform: totma-agro
levels:
  - ООО
subjects:
  - биология
event: seminar-totma-2025
---

Описание практики.
""",
    "collections/sbornik-totma-2025.md": """---
title: Сельская школа — территория профориентации
date: 2025-05-20
draft: false
kind: conference
editors:
  - name: Смирнова Анна Петровна
    position: директор
event: seminar-totma-2025
sections:
  - Агрокласс
publisher: МБОУ «СШ № 5»
city: Тотьма
---

Предисловие.
""",
    "articles/agroklass-opyt.md": """---
title: Агрокласс в сельской школе
date: 2025-05-20
draft: false
authors:
  - name: Смирнова Анна Петровна
    position: директор
    organization: shkola-5-totma
collection: sbornik-totma-2025
section: Агрокласс
abstract: Опыт первого года.
keywords:
  - профориентация
references:
  - "Иванов И. И. Сельская школа: опыт. — Вологда, 2020."
---

Текст статьи.
""",
    "bulletin/2025-06.md": """---
title: Вестник, июнь 2025
date: 2025-06-30
draft: false
number: 1
total: 1
items:
  - reports/totma-agro-2024-2025
---

Слово редакции.
""",
    "decisions/rezolyuciya-totma-2025.md": """---
title: Резолюция семинара «Сельская школа — территория профориентации»
date: 2025-03-15
draft: false
kind: резолюция
issuer: Участники семинара
event: seminar-totma-2025
items:
  - number: "1"
    text: Представить опыт агрокласса на региональном конкурсе.
    responsible:
      - shkola-5-totma
      - Управление образования
    due: 2025-06-01
    done: 2025-05-28
    result: Опыт представлен, отчёт опубликован.
    evidence:
      - reports/totma-agro-2024-2025
  - text: Проводить дни открытых дверей агрокласса.
    responsible:
      - shkola-5-totma
    due: постоянно
---

Участники семинара рекомендуют…
""",
}
