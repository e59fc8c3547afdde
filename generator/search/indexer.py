"""Stage 5b: Pagefind's indexer, fed one page at a time while the host renders the site.

Pagefind's CLI reads the finished site after the build: at 10,000 entries that was 36 s on top
of the build, and the build waited. Its service mode (``pagefind --service``, the protocol of the
official Python and Node wrappers: base64 JSON messages separated by commas on stdin and stdout)
takes each page as soon as it exists, so Pagefind parses on the second core while MkDocs renders
on the first. The official Python wrapper is not used: it waits for every answer and polls for
answers every 0.1 s (100 s for 1,000 pages). Here requests go out without waiting, a thread per
process collects the answers, and they are checked once, at the end.

Pagefind holds every page of an index in memory until it writes (3.6 GB at 10,000 entries), so
pages go to Pagefind in parts of ``part_size`` (the ``search_part_size`` setting): each part is its own Pagefind process, which
hands over its part's files (``GetFiles``) and exits while the next part fills; ``generator/search/bundle.py``
joins the parts. (Pagefind's ``WriteFiles`` answers before its last writes reach the disk, so a
process stopped right after it may leave files empty.)

Only the versions ``generator/search/bundle.py`` knows are indexed in parts (:func:`generator.search.bundle.joinable`,
asked with the version the binary itself reports before the first page). Any other version indexes
the whole site in one Pagefind process, which writes the bundle itself: the build goes on with the
next Pagefind instead of failing, at the cost of memory, said once in a warning.
Pagefind handles one message after another, so pages are numbered in the order they were added
and the same site gives the same index. Nothing here imports MkDocs.
"""

from __future__ import annotations

import base64
import json
import logging
import math
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from generator.search.binary import IndexerError, one_process_warning, pagefind_executable, pagefind_version
from generator.search.bundle import MergeError, joinable
from generator.search.feeder import Feeder, FeederClosed
from generator.search.pack import safe_name, write_pack

log = logging.getLogger("mkdocs.plugins.innopub")  # MkDocs shows it (and counts it in --strict); not imported here


@dataclass(frozen=True)
class IndexResult:
    pages: int
    parts: int
    seconds: float


def _warn(message: str) -> None:
    """MkDocs' warning (``--strict`` counts it); on stderr under ``innopub build``, whose ``mkdocs build -q`` silences warnings."""
    if log.isEnabledFor(logging.WARNING):
        log.warning(message)
    else:
        print(f"Внимание: {message}", file=sys.stderr, flush=True)


class Indexer:
    """The search index of one build: pages handed over with :meth:`add`, one bundle written by :meth:`write`.

    With ``expected`` (the number of pages to come), the parts are joined as soon as the last page
    is in, by ``python -m generator.search.bundle`` in a process of its own, while MkDocs renders the rest
    of the site: at 10,000 entries that takes 10 s of the build's critical path away.

    A Pagefind whose parts cannot be joined gets every page in one process and hands over its own
    bundle, which is written as it is (``GetFiles``, not ``WriteFiles``: before 1.6 a write may still
    be under way when ``WriteFiles`` answers, and Pagefind exits at the end of its input without
    waiting for it, Pagefind/pagefind#1272). Receiving it costs this process about five times the
    bundle for a moment (26 MB for the 5.3 MB of 1,000 entries), little beside Pagefind's own peak.
    """

    def __init__(
        self, exclude_selectors: list[str], part_size: int, expected: int | None = None, progress: Callable[[str], None] | None = None,
        sparing: Callable[[], bool] | None = None,
    ) -> None:  # fmt: skip
        """``progress`` hears «part» as each part is handed over, «joining» and «joined» (from the joining thread);
        while ``sparing()`` says so, a part starts only once the last has handed over its files (one Pagefind at a time)."""
        self.exclude_selectors = exclude_selectors
        self.progress = progress or (lambda event: None)
        self.sparing = sparing or (lambda: False)
        self.executable = pagefind_executable()
        self.version = pagefind_version(self.executable)
        self.joined = joinable(self.version)
        if not self.joined:
            _warn(one_process_warning(self.version, self.executable, expected))
        self.part_size = part_size
        self.expected = expected
        self.pages = 0
        self._parts: list[PagefindProcess] = []
        self._workdir = Path(tempfile.mkdtemp(prefix="innopub-pagefind-"))
        self._joining: threading.Thread | None = None
        self._joined: tuple[Path, int] | Exception | None = None
        self._joiner: subprocess.Popen[bytes] | None = None
        self._started = time.perf_counter()

    def add(self, url: str, html: str) -> None:
        """Queue one page: ``url`` as the site links it (``/reports/x/``), ``html`` a whole document."""
        if not self._parts or (self.joined and (self._parts[-1].finished or self._parts[-1].pages >= self.part_size)):
            if self._parts and not self._parts[-1].finished:  # the full part hands over its files and exits while the next one fills
                self._parts[-1].finish()
                self.progress("part")
            if len(self._parts) >= 2:  # at most two Pagefinds at once: pages added faster than Pagefind reads them (a
                self._parts[-2].handed_over()  # regional site's harvested records, issue 23) held every part's memory
            if self._parts and self.sparing():  # others hold much memory meanwhile (typesetting workers): one at a time
                self._parts[-1].handed_over()
            place = self._workdir / f"part-{len(self._parts)}"
            self._parts.append(
                PagefindProcess(self.exclude_selectors, self.executable, pack=place.with_suffix(".pack"))
                if self.joined
                else PagefindProcess(self.exclude_selectors, self.executable, place)
            )
        self._parts[-1].add(url, html)
        self.pages += 1
        if not self.joined and self.pages % self.part_size == 0:  # the progress counts parts' worth of pages all the same
            self.progress("part")
        if self.pages == self.expected:
            self._join_in_background()

    def cut(self) -> int | None:
        """End the part being filled now (its Pagefind hands over its files and exits), the next page starting another:
        the pages still to come may be long in coming (a first build's pages that wait for the editions), and an idle
        Pagefind keeps its part's memory. The joined bundle does not depend on where the parts end. The number of
        parts now expected, or None when nothing was cut."""
        if not self.joined or not self._parts or self._joining is not None or self._parts[-1].finished or self.expected is None:
            return None
        self._parts[-1].finish()
        self.progress("part")
        return len(self._parts) + math.ceil((self.expected - self.pages) / self.part_size)

    def write(self, output: Path) -> IndexResult:
        """Wait for the joined bundle and put it at ``output`` (replaced if it exists); clean up."""
        try:
            if not self._parts:
                raise IndexerError("Pagefind: нет ни одной страницы для поиска")
            self._join_in_background()
            assert self._joining is not None
            self._joining.join()
            if isinstance(self._joined, Exception):
                raise self._joined
            assert self._joined is not None
            bundle, pages = self._joined
            if output.exists():
                shutil.rmtree(output)
            shutil.move(bundle, output)
        finally:
            self.close()
        return IndexResult(pages, len(self._parts), time.perf_counter() - self._started)

    def close(self) -> None:
        """Stop every Pagefind process and the joining, remove the work folder (also after a failed build)."""
        for part in self._parts:
            part.close()
        if self._joiner is not None and self._joiner.poll() is None:
            self._joiner.kill()
        shutil.rmtree(self._workdir, ignore_errors=True)

    def _join_in_background(self) -> None:
        if self._joining is None:
            if not self._parts[-1].finished:  # else cut, and no page came after
                self._parts[-1].finish()
                if self.joined or self.pages % self.part_size:
                    self.progress("part")
            self._joining = threading.Thread(target=self._join if self.joined else self._write_as_is, name="pagefind-join", daemon=True)
            self._joining.start()

    def _write_as_is(self) -> None:
        """The one process's bundle, byte for byte as Pagefind made it: nothing here knows its format."""
        try:
            self._joined = (self._parts[0].wait(), self.pages)  # its files, written as they arrived
        except Exception as exc:  # handed to write(), in the build's thread
            self._joined = exc

    def _join(self) -> None:
        try:
            folders = [str(part.wait()) for part in self._parts]
            self.progress("joining")
            bundle = self._workdir / "bundle"
            self._joiner = subprocess.Popen(
                [sys.executable, "-m", "generator.search.bundle", str(bundle), *folders],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            out, err = self._joiner.communicate()
            if self._joiner.returncode != 0:
                raise MergeError(err.decode("utf-8", "replace").strip() or f"код {self._joiner.returncode}")
            self._joined = (bundle, int(out))
            self.progress("joined")
        except Exception as exc:  # handed to write(), in the build's thread
            self._joined = exc


class PagefindProcess:
    """One Pagefind process in service mode, holding one part of the index.

    The part's files are written into ``folder`` as soon as Pagefind hands them over, and only the folder is kept:
    held in memory until the parts were joined (as base64 answers, then as bytes, then pickled for the joining
    process), the four parts of 10,000 entries added a few hundred megabytes to the build's largest process at
    its end, when MkDocs holds every page."""

    def __init__(self, exclude_selectors: list[str], executable: Path | None = None, folder: Path | None = None, pack: Path | None = None) -> None:
        """With ``pack``, the part's files go into that one file (``generator/search/pack.py``), for the joining process."""
        self._own_folder = folder is None and pack is None  # removed by close(); the Indexer's parts are in its work folder
        self.folder = pack or folder or Path(tempfile.mkdtemp(prefix="innopub-pagefind-part-"))
        self._pack = pack is not None
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - open while Pagefind runs; closed by close()
        command = [str(executable or pagefind_executable()), "--service"]
        self._proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr)
        self._answers: dict[int, dict[str, Any]] = {}
        self._arrived = threading.Condition()
        self._eof = False
        self._last_id = 0
        self._added: list[int] = []
        self._final: int | None = None
        assert self._proc.stdin is not None
        self._input = Feeder(self._proc.stdin)  # the build's thread never waits on a full pipe
        threading.Thread(target=self._read_answers, name="pagefind-answers", daemon=True).start()
        self._index_id = self._wait(self._send({"type": "NewIndex", "config": {"exclude_selectors": exclude_selectors}}))["index_id"]

    @property
    def pages(self) -> int:
        return len(self._added)

    @property
    def finished(self) -> bool:
        """Its files asked for (:meth:`finish`): it takes no more pages."""
        return self._final is not None

    def add(self, url: str, html: str) -> None:
        self._added.append(self._send({"type": "AddFile", "index_id": self._index_id, "url": url, "file_contents": html}))

    def finish(self) -> None:
        """Ask for the part's files; Pagefind is stopped as soon as it has sent them (see ``_read_answers``)."""
        with self._arrived:  # known before the answer can arrive
            self._final = self._last_id + 1
        self._send({"type": "GetFiles", "index_id": self._index_id})

    def handed_over(self) -> None:
        """Wait until the files of this finished part have arrived (its Pagefind then exits), leaving them for :meth:`wait`."""
        with self._arrived:
            while self._final is not None and self._final not in self._answers and not self._eof:
                self._arrived.wait()

    def wait(self) -> Path:
        """The folder of the part's bundle, once every page was accepted."""
        assert self._final is not None
        refused = [answer for answer in map(self._answer, self._added) if answer["type"] == "Error"]
        if refused:
            raise IndexerError(f"Pagefind не принял {len(refused)} стр.: {refused[0].get('message', '')}")
        answer = self._wait(self._final)
        if "error" in answer:
            raise IndexerError(answer["error"])
        return self.folder

    def _store(self, answer: dict[str, Any]) -> dict[str, Any]:
        """The files of the ``GetFiles`` answer written into :attr:`folder` (or its pack); the answer without them."""
        if "files" not in answer:
            return answer
        files = answer.pop("files")
        for file in files:
            if not safe_name(file["path"]):
                return {**answer, "error": f"Pagefind предложил файл вне папки индекса: {file['path']}"}
        try:
            if self._pack:
                write_pack(self.folder, ((file["path"], base64.b64decode(file["content"])) for file in files))
                return answer
            for file in files:
                name = file["path"]
                path = self.folder / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(base64.b64decode(file["content"]))
        except OSError as exc:
            return {**answer, "error": f"Pagefind: не удалось записать часть индекса в {self.folder}: {exc}"}
        return answer

    def close(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._input.abandon()
        self._stderr.close()
        if self._own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _send(self, payload: dict[str, Any]) -> int:
        self._last_id += 1
        message = json.dumps({"message_id": self._last_id, "payload": payload}, ensure_ascii=False)
        try:
            self._input.put(base64.b64encode(message.encode("utf-8")) + b",", urgent=payload["type"] != "AddFile")
        except FeederClosed as exc:
            raise IndexerError(self._died()) from exc
        return self._last_id

    def _wait(self, message_id: int) -> dict[str, Any]:
        answer = self._answer(message_id)
        if answer["type"] == "Error":
            raise IndexerError(f"Pagefind: {answer.get('message', answer)}")
        return answer

    def _answer(self, message_id: int) -> dict[str, Any]:
        with self._arrived:
            while message_id not in self._answers:
                if self._eof:  # Pagefind stopped, and every answer it gave has been read
                    raise IndexerError(self._died())
                self._arrived.wait()
            return self._answers.pop(message_id)

    def _read_answers(self) -> None:
        stream = self._proc.stdout
        assert stream is not None
        pending = bytearray()  # the files of a part come as one answer of tens of megabytes
        while chunk := stream.read1(1 << 20):
            searched = len(pending)
            pending += chunk
            decoded = []
            while (end := pending.find(b",", searched)) >= 0:
                decoded.append(json.loads(base64.b64decode(pending[:end])))
                del pending[: end + 1]
                searched = 0
            with self._arrived:
                for answer in decoded:
                    message_id = answer.get("message_id") or 0
                    self._answers[message_id] = answer["payload"]
                    if message_id == self._final:
                        self._end_input()
                        self._answers[message_id] = self._store(answer["payload"])
                self._arrived.notify_all()
        with self._arrived:
            self._eof = True
            self._arrived.notify_all()

    def _end_input(self) -> None:
        """The files are sent: end of input, and Pagefind exits, freeing its memory."""
        self._input.close()

    def _died(self) -> str:
        self._proc.wait()
        self._stderr.seek(0)
        output = self._stderr.read().decode("utf-8", "replace").strip()
        return f"Pagefind завершился с кодом {self._proc.returncode} до конца индексации:\n{output}"
