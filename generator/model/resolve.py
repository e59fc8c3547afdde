"""Stage 3 (building): turn validated documents into the linked content model.

Checks what needs the whole tree: duplicate ids, unknown or draft references, an
article's section missing from its collection, aliases that clash. Matches people
across entries and fills back-links, each in one pass (linear in the number of entries).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from generator.check.validate import ValidDocument, closest, unknown_reference
from generator.common.academic import period_problem
from generator.common.collector import collector_paused
from generator.common.problems import Problems
from generator.common.russian import fold, slug
from generator.kinds import KINDS
from generator.kinds.schema import EntryMeta, PersonData, fields_of
from generator.listing.order import sort_by_date, sort_by_title
from generator.model.aliases import page_problems, redirects
from generator.model.content import Attachment, ContentModel, Credit, Entry, Page, Person
from generator.model.selection import check_cycles, find_item, resolve_selection
from generator.read.reader import ATTACHMENTS_DIR, ID_PATTERN, Location, SourceDocument
from generator.settings.options import Settings

PERSON_FIELDS = ("authors", "editors", "leader", "supervisor")
ROLE_NAMES = {"authors": "автор", "editors": "редактор", "leader": "руководитель", "supervisor": "научный руководитель"}


@collector_paused
def build_model(
    documents: list[ValidDocument], failed: set[tuple[str, str]], settings: Settings, content_dir: Path, problems: Problems
) -> ContentModel:
    """Link ``documents``; ``failed`` are ids of entries whose own problems are already reported."""
    pages = [Page(d.source.path, d.meta.title) for d in documents if d.kind is None and not d.meta.draft]
    pages = page_problems(pages, {d.source.path: d.source.display for d in documents if d.kind is None}, problems)
    unpublished = [d.source.path for d in documents if d.meta.draft]
    all_entries: dict[tuple[str, str], tuple[Entry, SourceDocument]] = {}
    for doc in documents:
        if doc.kind is None:
            continue
        key = (doc.kind.folder, doc.source.id)
        if key in all_entries:
            first = all_entries[key][1].display
            problems.error(doc.source.display, 1, f"идентификатор «{doc.source.id}» уже занят файлом {first} (переименуйте один из файлов)")
            continue
        if doc.summary is None:  # once per version of the file: a preview links again after every change
            doc.summary = summary_of(doc.meta, doc.source.body)
        entry = Entry(doc.kind, doc.source.id, doc.source.path, doc.meta, doc.source.body, doc.summary)
        entry.attachments = [_attachment(content_dir, a.file, a.title) for a in doc.meta.attachments]
        entry.products = [(p.title, _attachment(content_dir, p.file, p.title) if p.file else None) for p in _field(doc.meta, "products") or []]
        all_entries[key] = (entry, doc.source)

    sources = {id(e): source for e, source in all_entries.values()}
    today = settings.reference_date()
    published = {k: e for k, (e, _) in all_entries.items() if not e.meta.draft}
    people: dict[str, Person] = {}
    for entry, source in all_entries.values():
        _resolve_refs(entry, all_entries, failed, source.display, source.line, problems)
        _resolve_people(entry, all_entries, failed, people, source.display, source.line, problems)
        _check_section(entry, source.display, source.line, problems)
        _check_period(entry, today, source.display, source.line, problems)
        resolve_selection(entry, all_entries, failed, source.display, source.line, problems)  # bulletin items, digest includes
        refs = _Resolver(entry, all_entries, failed, source.display, source.line, problems, today)
        entry.kind.link(entry, refs)  # a kind's own (decisions' points)
    check_cycles(all_entries, problems)
    _check_together(all_entries, sources, problems)

    for entry in published.values():
        targets = {id(t): t for found in entry.refs.values() for t in found}
        for target in targets.values():
            target.backlinks[entry.kind.folder].append(entry)
    for entry in published.values():
        for folder in entry.backlinks:
            if len(entry.backlinks[folder]) > 1:
                entry.backlinks[folder] = sort_by_date(entry.backlinks[folder])

    persons = _publish_people(people, published)
    entry_urls = [f"{folder}/{id_}/" for folder, id_ in itertools.chain(all_entries, failed)]
    aliases = redirects(published, pages, entry_urls, sources, content_dir, problems)
    _check_term_slugs(published.values(), sources, problems)
    grouped: dict[str, list[Entry]] = defaultdict(list)
    for (folder, _), entry in published.items():
        grouped[folder].append(entry)
    entries = {folder: sort_by_title(grouped[folder]) for folder in KINDS if folder in grouped}
    return ContentModel(settings, entries, persons, pages, aliases, unpublished)


def _check_together(known: dict[tuple[str, str], tuple[Entry, SourceDocument]], sources: dict[int, SourceDocument], problems: Problems) -> None:
    """Each kind's checks across its entries (:meth:`generator.kinds.base.Kind.check_together`)."""

    def error(entry: Entry, loc: Location, message: str) -> None:
        source = sources[id(entry)]
        problems.error(source.display, source.line(loc), message)

    by_kind: dict[str, list[Entry]] = defaultdict(list)
    for (folder, _), (entry, _) in known.items():
        by_kind[folder].append(entry)
    for folder, entries in by_kind.items():
        KINDS[folder].check_together(entries, error)


PATCHABLE = frozenset({"title", "summary"})
"""What an edit may change of an entry's front matter and still leave the links between entries as they are."""


def patch_model(model: ContentModel, changed: list[ValidDocument | None]) -> bool:
    """Put the new versions of ``changed`` entries into ``model`` in place, when each changed in its text, title or
    summary alone: nothing another entry refers to, nothing that groups or links them. Returns False (the model
    untouched) when any changed otherwise, is new, failed its check or is an ordinary page: then it is linked anew.

    The common edit of an editor — a paragraph, a title — so costs a preview a re-sort instead of linking every
    entry again (at 10,000 entries 0.05 s instead of 1.2)."""
    pairs = []
    for doc in changed:
        if doc is None or doc.kind is None:
            return False
        entry = model.get(doc.kind.folder, doc.source.id)
        if entry is None or entry.kind is not doc.kind or entry.path != doc.source.path:
            return False
        if entry.meta.model_dump(exclude=PATCHABLE) != doc.meta.model_dump(exclude=PATCHABLE):
            return False
        pairs.append((entry, doc))
    for entry, doc in pairs:
        if doc.summary is None:
            doc.summary = summary_of(doc.meta, doc.source.body)
        entry.meta, entry.body, entry.summary, entry.title = doc.meta, doc.source.body, doc.summary, doc.meta.title
        for key in ("sort_title", "date_key"):
            entry.__dict__.pop(key, None)
        folder = entry.kind.folder
        model.entries[folder] = sort_by_title(model.entries[folder])
        for target in {id(t): t for found in entry.refs.values() for t in found}.values():
            if len(target.backlinks[folder]) > 1:
                target.backlinks[folder] = sort_by_date(target.backlinks[folder])
    model.changed()
    return True


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"[*_`]+|<[^>]+>")
_MARK_START = re.compile(r"[*_`<]")  # where ``_MD_MARKS`` can match: found 5× faster than it substitutes none
_LIST_ITEM = re.compile(r"^\d+[.)]\s")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
"""Control characters that ``str.split`` keeps: a body may hold them, the Atom feed cannot."""
_HEAD = 4096
"""Characters of the body in which the first paragraph is looked for before the whole body."""


def summary_of(meta: EntryMeta, body: str) -> str:
    """The ``summary`` field, else the first paragraph of the body as plain text."""
    if meta.summary:
        return " ".join(meta.summary.split())
    paragraph = None
    if len(body) > _HEAD:
        # Its last line may be cut: the paragraph counts only if it ends before that line.
        paragraph = _first_paragraph(body[:_HEAD].splitlines()[:-1], complete=False)
    if paragraph is None:
        paragraph = _first_paragraph(body.splitlines(), complete=True)
    text = " ".join(paragraph or [])
    if "](" in text:  # a link can only be where a ``](`` is (the regex tries every character)
        text = _MD_LINK.sub(r"\1", text)
    if _MARK_START.search(text):
        text = _MD_MARKS.sub("", text)
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    return " ".join(text.split())


def _first_paragraph(lines: list[str], complete: bool) -> list[str] | None:
    """The stripped lines of the first paragraph of ``lines``; ``None`` if it may go on past
    them and they are not the ``complete`` body."""
    paragraph: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            if paragraph:
                return paragraph
            continue
        if stripped[0] in "#|>-*+!<" or _LIST_ITEM.match(stripped):
            if paragraph:
                return paragraph
            continue
        paragraph.append(stripped)
    return paragraph if complete else None


def _attachment(content_dir: Path, path: str, title: str | None) -> Attachment:
    file = content_dir / ATTACHMENTS_DIR / path
    name = Path(path).name
    return Attachment(path, title or name, Path(path).suffix.lstrip(".").upper() or "файл", file.stat().st_size)


def _field(meta: EntryMeta, name: str) -> Any:
    """``meta.<name>``, or ``None`` where the kind has no such field (asked without pydantic's
    ``__getattr__``, which raises and catches an exception for every missing name)."""
    return getattr(meta, name) if name in fields_of(type(meta)).known else None


def _ref_fields(entry: Entry) -> list[tuple[str, str, Any]]:
    found = []
    for name, folder in fields_of(type(entry.meta)).refs:
        value = getattr(entry.meta, name)
        if value:
            found.append((name, folder, value))
    return found


def _resolve_refs(entry: Entry, known: dict, failed: set, display: str, line, problems: Problems) -> None:
    for name, folder, value in _ref_fields(entry):
        ids = value if isinstance(value, list) else [value]
        resolved = []
        for index, target_id in enumerate(ids):
            loc = (name, index) if isinstance(value, list) else (name,)
            target = _lookup(entry, folder, target_id, known, failed, display, line, loc, problems)
            if target is not None:
                resolved.append(target)
        entry.refs[name] = resolved


Line = Callable[[Location], int]


def _lookup(
    entry: Entry, folder: str, target_id: str, known: dict, failed: set, display: str, line: Line, loc: Location, problems: Problems
) -> Entry | None:
    """The entry ``target_id`` of ``folder``; a problem at the line of ``loc`` (asked only then) if there is none."""
    found = known.get((folder, target_id))
    kind = KINDS[folder]
    if found is None and (folder, target_id) in failed:
        return None
    if found is None:
        problems.error(display, line(loc), unknown_reference(folder, target_id, itertools.chain(known, failed)))
        return None
    target = found[0]
    if target.meta.draft and not entry.meta.draft:
        problems.error(
            display,
            line(loc),
            f"ссылка на черновик: {kind.one} «{target_id}» не опубликована (draft: true); опубликуйте её или сделайте черновиком и эту запись",
        )
        return None
    return target


class _Resolver:
    """The lookups a kind's own ``link`` makes for one entry (:class:`generator.kinds.base.Resolver`)."""

    def __init__(self, entry: Entry, known: dict, failed: set, display: str, line: Line, problems: Problems, today: dt.date) -> None:
        self.source_entry, self.known, self.failed = entry, known, failed
        self.display, self.line, self.problems = display, line, problems
        self.today = today

    def entry(self, folder: str, target_id: str, loc: Location) -> Entry | None:
        return _lookup(self.source_entry, folder, target_id, self.known, self.failed, self.display, self.line, loc, self.problems)

    def item(self, ref: str, loc: Location) -> Entry | None:
        target = find_item(ref, self.known, self.failed, self.display, self.line(loc), self.problems)
        if target is not None and target.meta.draft and not self.source_entry.meta.draft:
            message = f"«{ref}» — черновик (draft: true), у него нет страницы на сайте (опубликуйте его или уберите ссылку)"
            self.problems.error(self.display, self.line(loc), message)
            return None
        return target

    def find(self, folder: str, target_id: str) -> Entry | None:
        found = self.known.get((folder, target_id))
        return found[0] if found else None

    def error(self, loc: Location, message: str) -> None:
        self.problems.error(self.display, self.line(loc), message)


def _resolve_people(entry: Entry, known: dict, failed: set, people: dict[str, Person], display: str, line, problems: Problems) -> None:
    for name in PERSON_FIELDS:
        value = _field(entry.meta, name)
        if not value:
            continue
        items: list[PersonData] = value if isinstance(value, list) else [value]
        credits = []
        for index, data in enumerate(items):
            key = fold(data.name)
            person = people.get(key)
            if person is None:
                person = people[key] = Person(data.name, key, "")
            elif "ё" in data.name.casefold() and "ё" not in person.name.casefold():
                person.name = data.name  # show the spelling with «ё» where an editor wrote it
            org, org_text = None, data.organization
            if data.organization and ID_PATTERN.match(data.organization):
                loc = (name, index, "organization") if isinstance(value, list) else (name, "organization")
                org = _lookup(entry, "organizations", data.organization, known, failed, display, line, loc, problems)
                org_text = None
                if org is not None:
                    entry.refs.setdefault("people_organizations", []).append(org)
            credit = Credit(person, entry, ROLE_NAMES[name], data.position, org, org_text)
            credits.append(credit)
            person.credits.append(credit)
        entry.credits[name] = credits


def _check_section(entry: Entry, display: str, line, problems: Problems) -> None:
    section = _field(entry.meta, "section")
    collection = entry.ref("collection")
    if not section or collection is None or not collection.meta.sections:
        return
    if section not in collection.meta.sections:
        guess = closest(section, collection.meta.sections)
        hint = f"возможно, «{guess}»; " if guess else ""
        problems.error(
            display,
            line(("section",)),
            f"в сборнике «{collection.id}» нет секции «{section}» ({hint}секции: {'; '.join(collection.meta.sections)})",
        )


def _check_period(entry: Entry, today: dt.date, display: str, line, problems: Problems) -> None:
    """A report's academic year must lie in its platform's term (up to today's year for an ongoing one)."""
    platform = entry.ref("platform")
    if "report" not in entry.kind.monitoring.roles or platform is None:
        return
    # An ongoing platform's term reaches the build's day, or the report's own date if later: a report is never
    # made wrong by building the site on an earlier day (``today:`` set back, SOURCE_DATE_EPOCH).
    problem = period_problem(entry.meta.period, platform.meta.start, platform.meta.end, max(today, entry.date or today))
    if problem is not None:
        problems.error(display, line(("period",)), f"{problem} — площадка «{platform.id}»")


def _publish_people(people: dict[str, Person], published: dict) -> list[Person]:
    """People credited in at least one published entry, with unique slugs, in А–Я order."""
    result = []
    used: set[str] = set()
    for person in sorted(people.values(), key=lambda p: p.key):
        person.credits = [c for c in person.credits if not c.entry.meta.draft]
        if not person.credits:
            continue
        base = candidate = slug(person.name)
        number = 1
        while candidate in used:  # «Иванов», «Иванов!» and «Иванов 2» are three pages
            number += 1
            candidate = f"{base}-{number}"
        used.add(candidate)
        person.slug = candidate
        result.append(person)
    return result


def _check_term_slugs(published: Iterable[Entry], sources: dict[int, SourceDocument], problems: Problems) -> None:
    """A warning where two different tags share one page (``C++`` and ``C#`` are both ``/tags/c/``);
    spellings that differ only in case or «ё» share it silently."""
    first: dict[str, tuple[str, str]] = {}
    warned: set[str] = set()
    for entry in sort_by_title(published):
        for index, tag in enumerate(entry.meta.tags):
            key = fold(tag)
            seen = first.setdefault(slug(tag), (key, tag))
            if seen[0] != key and key not in warned:
                warned.add(key)
                source = sources[id(entry)]
                problems.warning(
                    source.display,
                    source.line(("tags", index)),
                    f"тег «{tag}» попадает на ту же страницу /tags/{slug(tag)}/, что и тег «{seen[1]}» (если это разные теги, назовите их различимо)",
                )
