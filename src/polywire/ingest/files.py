"""Walk files and folders and turn each input into ``Document``s or ``Failure``s."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from polywire.errors import BadInput
from polywire.ingest.fetch import Fetcher, is_url
from polywire.ingest.jsonl import read_jsonl
from polywire.ingest.warc import read_warc
from polywire.model import Document, Failure

PLAIN = {".txt": "text/plain", ".text": "text/plain", ".html": "text/html", ".htm": "text/html"}
SUFFIXES = (*PLAIN, ".jsonl", ".warc", ".warc.gz")
# Anything written like a URL is taken for one, whatever its scheme, so that an ftp:// URL
# is refused as a URL rather than looked for as a file.
_URL_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
# A folder's README or LICENSE documents the folder: it is no article, and no skip to warn of.
_DOCUMENTATION = re.compile(
    r"(readme|licen[cs]e|copying|notice|authors|contributing|changelog|changes)(\.\w+)?", re.I
)


def input_files(paths: Iterable[Path | str]) -> list[Path | str]:
    """The inputs to read: URLs and files given, and the supported files inside folders given.

    A folder with no supported file stays in the list, so reading it reports why.
    """
    files: list[Path | str] = []
    for given in paths:
        if isinstance(given, str) and _URL_LIKE.match(given):
            files.append(given)
            continue
        path = Path(given)
        if path.is_dir():
            found = [c for c in _articles_in(path) if _suffix(c) in SUFFIXES]
            files += found or [path]
        else:
            files.append(path)
    return files


def skipped_files(paths: Iterable[Path | str]) -> list[Failure]:
    """The files inside the folders given that ``input_files`` leaves out, each with why."""
    return [
        Failure(str(c), f"skipped: {_suffix(c) or 'no'} files are not read; {_READS}")
        for given in paths
        if not (isinstance(given, str) and _URL_LIKE.match(given)) and Path(given).is_dir()
        for c in _articles_in(Path(given))
        if _suffix(c) not in SUFFIXES
    ]


def documentation_files(paths: Iterable[Path | str]) -> list[Path]:
    """The README, LICENSE and such inside the folders given: neither read nor skipped."""
    return [
        c
        for given in paths
        if not (isinstance(given, str) and _URL_LIKE.match(given)) and Path(given).is_dir()
        for c in _in_folder(Path(given))
        if _DOCUMENTATION.fullmatch(c.name)
    ]


_READS = f"Polywire reads {', '.join(SUFFIXES)}"


def _in_folder(folder: Path) -> list[Path]:
    """The files in a folder and its subfolders, but hidden ones (.git, .DS_Store)."""
    return [
        c
        for c in sorted(folder.rglob("*"))
        if c.is_file() and not any(p.startswith(".") for p in c.relative_to(folder).parts)
    ]


def _articles_in(folder: Path) -> list[Path]:
    return [c for c in _in_folder(folder) if not _DOCUMENTATION.fullmatch(c.name)]


def read_paths(
    files: Iterable[Path | str],
    max_bytes: int,
    fetcher: Fetcher | None = None,
    on_read: Callable[[], None] | None = None,
) -> Iterator[Document | Failure]:
    """Yield documents from files and URLs (fetched by ``fetcher``), one failure per bad input.

    URLs are fetched ahead, ``fetch_workers`` at a time, so one slow source does not hold
    up the ones after it; the order stays the input's. ``on_read`` is called after each input.
    """
    inputs = list(files)
    workers = fetcher.settings.fetch_workers if fetcher else 1
    with ThreadPoolExecutor(workers, thread_name_prefix="read") as pool:
        urls = iter([(n, path) for n, path in enumerate(inputs) if isinstance(path, str)])
        ahead: dict[int, Future[Document]] = {}

        def fetch_ahead() -> None:
            while fetcher is not None and len(ahead) < workers:
                n, url = next(urls, (-1, ""))
                if not is_url(url) and n >= 0:
                    continue
                if n < 0:
                    return
                ahead[n] = pool.submit(fetcher.page, url)

        for n, path in enumerate(inputs):
            fetch_ahead()
            if isinstance(path, str):
                try:
                    if not is_url(path):
                        scheme = urlsplit(path).scheme
                        raise BadInput(
                            f"unsupported URL scheme {scheme!r}: only http(s) is fetched"
                        )
                    if fetcher is None:
                        raise BadInput("a URL, but no fetcher was given to read it")
                    yield ahead.pop(n).result()
                except BadInput as exc:
                    yield Failure(path, str(exc))
            elif path.is_dir():
                yield Failure(str(path), _no_supported_files(path))
            elif path.exists():
                yield from _read_file(path, max_bytes)
            else:
                yield Failure(str(path), "no such file or folder")
            if on_read:
                on_read()


def _no_supported_files(folder: Path) -> str:
    others = sorted({_suffix(c) or "(none)" for c in folder.rglob("*") if c.is_file()})
    held = f"only {', '.join(others)} files" if others else "no files"
    return f"nothing to read: the folder holds {held}; Polywire reads {', '.join(SUFFIXES)}"


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


def _read_file(path: Path, max_bytes: int) -> Iterator[Document | Failure]:
    source = str(path)
    suffix = _suffix(path)
    try:
        size = path.stat().st_size
        if suffix not in SUFFIXES:
            raise BadInput(f"unsupported file type {suffix or '(none)'!r}; {_READS}")
        if size == 0:
            raise BadInput("empty file")
        if size > max_bytes and suffix not in (".jsonl", ".warc", ".warc.gz"):
            raise BadInput(
                f"file too large ({size / 1e6:.1f} MB; limit {max_bytes / 1e6:.1f} MB, "
                "set POLYWIRE_MAX_FILE_MB to raise it)"
            )
        if suffix == ".jsonl":
            yield from read_jsonl(path, max_bytes)
        elif suffix in (".warc", ".warc.gz"):
            yield from read_warc(path, max_bytes)
        else:
            yield Document(source=source, content=path.read_bytes(), content_type=PLAIN[suffix])
    except BadInput as exc:
        yield Failure(source, str(exc))
    except OSError as exc:
        yield Failure(source, f"cannot read: {exc.strerror or exc}")
