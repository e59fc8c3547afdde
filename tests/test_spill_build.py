"""A real build whose pages wait on disk between conversion and writing (generator/site/spill.py) writes every file
byte for byte as a build that keeps them in memory; the waiting file lives in the build's staging folder, without a
name, and nothing of it is left in the project. The pages that wait for the editions (generator/render/pending.py)
wait there too, and are made whole one at a time once the editions are made; meanwhile no Pagefind process holds a
part of the search index open for them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ENV, ROOT, project

BUILD = """
import json, os, sys
import generator.site.spill as spill
used, aside_chars = [], [0]
if sys.argv[1] == "memory":
    spill._anonymous_file = lambda folder: None
else:
    put = spill.Spill.put
    def recording_put(self, key, text):
        if not used:
            fds = []
            for fd in os.listdir("/proc/self/fd"):
                try:
                    fds.append(os.readlink(f"/proc/self/fd/{fd}"))
                except OSError:  # the descriptor listdir itself used
                    pass
            used.append({"folder": str(self.folder), "on_disk": self.on_disk,
                         "open": [name for name in fds if name.startswith(str(self.folder) + "/")]})
        used.append(key)
        if key.startswith("aside\\0"):
            aside_chars[0] += len(text)
        return put(self, key, text)
    spill.Spill.put = recording_put
    import collections
    import generator.editions.cite as cite
    calls, citation = collections.Counter(), cite.Citer.citation
    def counted_citation(self, entry):  # how many times each entry's citation is computed
        calls[entry.url] += 1
        return citation(self, entry)
    cite.Citer.citation = counted_citation
    import weakref
    import generator.render.pending as pending
    import generator.site.site as site
    import threading
    import generator.render.outputs as outputs
    aside = {}
    settling, made = threading.Event(), outputs.editions
    def slow_editions(*args, **kwargs):  # still being made when every page is converted: the build waits for them
        result = made(*args, **kwargs)
        settling.wait(60)
        return result
    outputs.editions = slow_editions
    settle = pending.Overlap.settle
    def inspected_settle(self):  # what the Overlap holds while the pages wait: every text reachable from it
        seen, held, todo = set(), 0, [vars(self)[name] for name in ("_deferred", "_store") if name in vars(self)]
        while todo:
            value = todo.pop()
            if id(value) in seen or isinstance(value, spill.Spill):  # the spill file's own index: paths, not pages
                continue
            seen.add(id(value))
            if isinstance(value, str):
                held += len(value)
            elif isinstance(value, dict):
                todo += [*value.keys(), *value.values()]
            elif isinstance(value, (list, tuple, set)):
                todo += list(value)
            elif hasattr(value, "__dict__"):
                todo += list(vars(value).values())
        addresses = sum(len(page[0]) + len(page[1]) for page in self._deferred)  # each one's path and address
        aside.update(held=held, addresses=addresses, waiting=len(self._deferred))
        import time
        deadline = time.monotonic() + 20  # the part cut before the wait hands over its files, then its Pagefind exits
        while (found := pagefinds()) and time.monotonic() < deadline:
            time.sleep(0.05)
        aside.update(pagefinds_waiting=len(found), busy=not self.making._done.is_set())
        settling.set()
        return settle(self)
    def pagefinds():  # the build's Pagefind processes alive (not zombies)
        found = []
        for task in os.listdir("/proc/self/task"):
            try:  # a thread may end between the listing and the reading (the editions' threads, Pagefind's readers)
                children = open(f"/proc/self/task/{task}/children").read().split()
            except OSError:
                continue
            for child in children:
                try:
                    alive = open(f"/proc/{child}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"
                    if alive and "pagefind" in open(f"/proc/{child}/cmdline").read():
                        found.append(child)
                except OSError:
                    pass
        return found
    pending.Overlap.settle = inspected_settle
    site_settle = site.Site.settle
    def watched_settle(self):  # how many of the pages made whole are alive at once
        extras, contents, notices = site_settle(self)
        def watched():
            made = []
            for path, content in contents:
                made.append(weakref.ref(content))
                aside["alive"] = max(aside.get("alive", 0), sum(1 for ref in made if ref() is not None))
                yield path, content
            aside["made"] = len(made)
        return extras, watched(), notices
    site.Site.settle = watched_settle
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "-q"]
try:
    cli()
finally:
    if used:
        keys = used[1:]
        aside_keys = [key for key in keys if key.startswith("aside\\0")]
        heads = [key for key in keys if key.startswith("head\\0")]
        print(json.dumps({**used[0], "pages": len(keys) - len(aside_keys) - len(heads), "aside": len(aside_keys),
                          "heads": len(heads), "aside_chars": aside_chars[0], "cited": len(calls),
                          "cited_again": sum(1 for count in calls.values() if count > 1), **aside}))
"""


def files_of(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def build(root: Path, mode: str) -> dict:
    env = {**ENV, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", BUILD, mode], cwd=root, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else {}


def test_spilled_pages_are_written_as_pages_kept_in_memory(tmp_path: Path) -> None:
    root = project(tmp_path / "site", ROOT / "content")
    assert build(root, "memory") == {}
    kept = files_of(root / "site")
    used = build(root, "disk")
    spilled = files_of(root / "site")

    assert used["on_disk"] is True
    staging = Path(used["folder"])
    assert staging.parent == root and staging.name.startswith(".site-")  # the build's staging folder, swapped in at the end
    assert [name.endswith("(deleted)") for name in used["open"]] == [True]
    assert used["pages"] > 100  # every page of the demo went through it
    # An entry page's <head> additions (citation tags, JSON-LD) are made with its body and wait there too: each
    # entry's citation is computed once, not for the body and again for the head (a page set aside for the editions
    # tried before they were made is made again)
    # (the demo: 12 of 61 entries cited again, all of them set aside; 27 when the body and the head each computed it)
    assert used["heads"] > 50 and used["cited"] > 20 and used["cited_again"] <= min(used["aside"], used["cited"] // 4), used
    # The pages that waited for the editions (the collections' articles, their authors, the verification pages) kept
    # their HTML in the spill file, not in the Overlap: it holds their paths and addresses alone.
    assert used["aside"] == used["waiting"] == used["made"] >= 10, used
    assert 0 < used["held"] <= used["addresses"] < used["aside_chars"], used
    assert used["alive"] <= 2, used  # made whole one at a time: the one being written to the spill file, the next
    assert used["busy"] is True  # the editions were still being made: the build waited for them
    assert used["pagefinds_waiting"] == 0, used  # the search index's open part was cut: no Pagefind idles meanwhile

    assert sorted(spilled) == sorted(kept)
    assert [path for path in kept if spilled[path] != kept[path]] == []
    entry = next(path for path in kept if path.startswith("platforms/") and path.endswith("index.html") and path != "platforms/index.html")
    assert b'<article class="md-content__inner md-typeset">' in spilled[entry]
    assert sorted(name for name in os.listdir(root) if name.startswith(".site") and "-prev-" not in name) == []  # no staging folder left
