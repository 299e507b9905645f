"""Every git command run on audited data: a configuration that can execute nothing, bounded output and time.

git reads a repository's own configuration, and that file can name commands:
``core.fsmonitor`` runs one during ``git ls-files``; diff drivers (textconv, external
diff), filters (clean, smudge, process), hooks, pagers, ``core.sshCommand``, credential
helpers and ``gpg.program`` run others; ``include.path`` and alternates pull in files
from anywhere. git has no switch to ignore a repository's configuration, so git never
sees it here: a repository is opened through a *shadow* git directory, a temporary
folder holding a configuration written by this module, a copy of ``HEAD`` and links to
the repository's objects, refs and index, each checked to lie inside the folder that
owns it. System and global configuration are off, HOME is an empty folder, the
environment is built from nothing, and every command has a time limit and a cap on the
bytes read from it, so a hostile history costs bounded memory and time.

Callers get a ``GitResult`` whose ``failure`` says what went wrong in words a report
can show (missing object, shallow history, unreadable, timed out, output cut).
"""

from __future__ import annotations

import enum
import os
import re
import selectors
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Generator, Optional, cast

# A git command that takes longer than this is stopped and reported as timed out.
DEFAULT_TIMEOUT_SECONDS = 60
# Bytes read from one command's output unless the caller asks for another cap.
DEFAULT_MAX_OUTPUT_BYTES = 8 * 1024 * 1024
# git's own messages kept for the reader; the rest of stderr is read and dropped.
MAX_STDERR_BYTES = 4096
# Small files of a git directory (HEAD, a .git file, commondir) are never longer than this.
MAX_POINTER_FILE_BYTES = 4096
# A repository configuration larger than this is not parsed (only a few values are read).
MAX_CONFIG_BYTES = 1024 * 1024
# git follows alternates this many levels deep; so does the containment check.
MAX_ALTERNATE_DEPTH = 5
READ_CHUNK_BYTES = 64 * 1024

# Repository extensions the shadow configuration carries over: they say how the data is
# stored, and name no command. Any other extension (partialClone names a remote to fetch
# from) is left out, so git treats what is missing as missing.
_CARRIED_EXTENSIONS = ("objectformat", "refstorage")

# Passed with -c on every command as well as written to the shadow configuration: the
# command line has the last word over any configuration git might still find.
_COMMAND_LINE_CONFIG = (
    "core.fsmonitor=false", "core.hooksPath=/dev/null", "core.pager=cat", "core.attributesFile=/dev/null",
    "core.excludesFile=/dev/null", "core.untrackedCache=false", "core.quotePath=false",
    "core.sshCommand=false", "core.askPass=false", "protocol.allow=never", "credential.helper=",
    "diff.external=", "gpg.program=false", "log.showSignature=false", "color.ui=never", "gc.auto=0",
    "maintenance.auto=false", "submodule.recurse=false", "fetch.recurseSubmodules=false",
)


class GitFailure(enum.Enum):
    """Why a git command gave no (complete) answer, in words a report can show."""

    NOT_INSTALLED = "git is not installed"
    MISSING_OBJECT = "missing object"
    SHALLOW = "shallow clone: history stops early"
    UNREADABLE = "unreadable"
    TIMEOUT = "timed out"
    OUTPUT_CUT = "output cut"
    FAILED = "git failed"


@dataclass(frozen=True)
class GitResult:
    """What one git command gave: its output (possibly cut) and, when it did not simply succeed, why."""

    output: bytes = b""
    failure: Optional[GitFailure] = None
    detail: str = ""  # git's first line on stderr, or what stopped the command

    @property
    def ok(self) -> bool:
        return self.failure is None

    @property
    def cut(self) -> bool:
        return self.failure is GitFailure.OUTPUT_CUT

    def text(self) -> str:
        return self.output.decode("utf-8", errors="replace")

    def reason(self) -> str:
        """The failure as one line for a report ("missing object: bad object 1234...")."""
        if self.failure is None:
            return ""
        return f"{self.failure.value}: {self.detail}" if self.detail else self.failure.value


class GitRefused(Exception):
    """The checkout's git data lies outside the folder being audited; its history is not read."""


_MISSING_OBJECT = re.compile(r"bad object|missing (blob|tree|commit|object)|unable to read|could not read|"
                             r"invalid object|corrupt|loose object .* is corrupt|packfile .* cannot be accessed",
                             re.IGNORECASE)
_SHALLOW = re.compile(r"shallow", re.IGNORECASE)
_UNREADABLE = re.compile(r"permission denied|not a git repository|unsupported repository format|"
                         r"unknown repository extension|bad config|cannot open", re.IGNORECASE)


def _failure_of(stderr: str) -> GitFailure:
    if _SHALLOW.search(stderr):
        return GitFailure.SHALLOW
    if _MISSING_OBJECT.search(stderr):
        return GitFailure.MISSING_OBJECT
    if _UNREADABLE.search(stderr):
        return GitFailure.UNREADABLE
    return GitFailure.FAILED


def _first_line(stderr: bytes) -> str:
    for line in stderr.decode("utf-8", errors="replace").splitlines():
        line = line.strip()
        if line:
            return line[:200]
    return ""


def inside(path: str, boundary: str) -> bool:
    """True when the real path ``path`` is ``boundary`` or below it (both already resolved)."""
    return path == boundary or path.startswith(boundary.rstrip(os.sep) + os.sep)


def _read_small(path: str) -> Optional[bytes]:
    """A pointer file's bytes (HEAD, .git, commondir), or None when it is not a small regular file."""
    try:
        if not os.path.isfile(path) or os.path.getsize(path) > MAX_POINTER_FILE_BYTES:
            return None
        with open(path, "rb") as handle:
            return handle.read(MAX_POINTER_FILE_BYTES)
    except OSError:
        return None


class _Process:
    """One git process pumped without blocking: stdin fed, stdout yielded in chunks up to a cap, stderr kept short."""

    def __init__(self, argv: list, env: dict, cwd: str, stdin: Optional[bytes], timeout: float, max_bytes: int):
        self.argv, self.env, self.cwd = argv, env, cwd
        self.stdin, self.timeout, self.max_bytes = stdin, timeout, max_bytes
        self.failure: Optional[GitFailure] = None
        self.detail = ""

    def chunks(self) -> Generator[bytes, None, None]:
        try:
            process = subprocess.Popen(
                self.argv, cwd=self.cwd, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                stdin=subprocess.PIPE if self.stdin is not None else subprocess.DEVNULL, start_new_session=True)
        except FileNotFoundError:
            self.failure = GitFailure.NOT_INSTALLED
            return
        except OSError as exc:
            self.failure, self.detail = GitFailure.FAILED, exc.strerror or exc.__class__.__name__
            return
        deadline = time.monotonic() + self.timeout
        selector = selectors.DefaultSelector()
        stderr, read, pending = b"", 0, memoryview(self.stdin or b"")
        assert process.stdout is not None and process.stderr is not None  # both are pipes
        try:
            selector.register(process.stdout, selectors.EVENT_READ, "out")
            selector.register(process.stderr, selectors.EVENT_READ, "err")
            if process.stdin is not None:
                os.set_blocking(process.stdin.fileno(), False)
                if pending:
                    selector.register(process.stdin, selectors.EVENT_WRITE, "in")
                else:
                    process.stdin.close()
            open_streams = 2
            while open_streams:
                left = deadline - time.monotonic()
                if left <= 0:
                    self.failure, self.detail = GitFailure.TIMEOUT, f"stopped after {self.timeout:g} s"
                    return
                for key, _ in selector.select(min(left, 1.0)):
                    if key.data == "in":
                        try:
                            written = os.write(key.fd, pending[:READ_CHUNK_BYTES])
                        except BlockingIOError:
                            continue
                        except BrokenPipeError:
                            written = len(pending)
                        pending = pending[written:]
                        if not pending:
                            selector.unregister(key.fileobj)
                            cast(IO[bytes], key.fileobj).close()  # the "in" key's is process.stdin
                        continue
                    data = os.read(key.fd, READ_CHUNK_BYTES)
                    if not data:
                        selector.unregister(key.fileobj)
                        open_streams -= 1
                    elif key.data == "err":
                        stderr += data[: max(0, MAX_STDERR_BYTES - len(stderr))]
                    else:
                        room = self.max_bytes - read
                        if len(data) > room:
                            if room:
                                yield data[:room]
                            self.failure = GitFailure.OUTPUT_CUT
                            self.detail = f"stopped at {self.max_bytes // 1024:,} KiB"
                            return
                        read += len(data)
                        yield data
            try:
                returncode = process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.failure, self.detail = GitFailure.TIMEOUT, f"stopped after {self.timeout:g} s"
                return
            if returncode != 0:
                self.detail = _first_line(stderr)
                self.failure = _failure_of(self.detail)
        finally:
            selector.close()
            if process.poll() is None:
                process.kill()
            for stream in (process.stdin, process.stdout, process.stderr):
                if stream is not None and not stream.closed:
                    stream.close()
            process.wait()


class GitRepository:
    """One checkout's git data, read through a shadow git directory; use as a context manager.

    ``work_tree`` is the folder that holds ``.git``; ``git_dir`` the real git directory
    (checked to lie inside the work tree). Nothing of the repository's configuration,
    hooks or attributes-named drivers reaches git.
    """

    def __init__(self, work_tree: Optional[Path], git_dir: Path, common_dir: Path):
        self.work_tree, self.git_dir, self.common_dir = work_tree, git_dir, common_dir
        self._shadow: Optional[str] = tempfile.mkdtemp(prefix="portfolio-audit-git-")
        try:
            self._build_shadow()
        except BaseException:
            self.close()
            raise

    # -- the shadow git directory --
    def _build_shadow(self) -> None:
        shadow = self._shadow
        assert shadow is not None  # built right after it is made
        home = os.path.join(shadow, "home")
        os.mkdir(home)
        # git's global and system configuration: an empty file of our own, not os.devnull (a
        # machine where something replaced /dev/null with a regular file must still parse it).
        open(os.path.join(shadow, "empty-config"), "wb").close()
        head = _read_small(str(self.git_dir / "HEAD"))
        if head is None:
            raise GitRefused("its HEAD is missing or not a small regular file")
        with open(os.path.join(shadow, "HEAD"), "wb") as handle:
            handle.write(head)
        # Per-checkout data lives in the git directory, shared data in the common one.
        for name, base, required in (("objects", self.common_dir, True), ("refs", self.common_dir, False),
                                     ("packed-refs", self.common_dir, False), ("reftable", self.common_dir, False),
                                     ("shallow", self.common_dir, False), ("info", self.common_dir, False),
                                     ("index", self.git_dir, False)):
            source = base / name
            if not os.path.lexists(source):
                if required:
                    raise GitRefused(f"it has no {name} folder")
                continue
            os.symlink(os.path.realpath(source), os.path.join(shadow, name))
        if not os.path.isdir(os.path.join(shadow, "refs")):
            os.mkdir(os.path.join(shadow, "refs"))
        lines = ["[core]", "\trepositoryformatversion = {version}", "\tbare = false"]
        extensions = self._extensions()
        text = "\n".join(lines).format(version=1 if extensions else 0) + "\n"
        if extensions:
            text += "[extensions]\n" + "".join(f"\t{key} = {value}\n" for key, value in extensions.items())
        with open(os.path.join(shadow, "config"), "w", encoding="utf-8") as handle:
            handle.write(text)

    def _extensions(self) -> dict:
        """The storage extensions of the repository's own configuration, read as data by `git config --file`."""
        config = self.common_dir / "config"
        try:
            if not config.is_file() or config.stat().st_size > MAX_CONFIG_BYTES:
                return {}
        except OSError:
            return {}
        # --file reads that one file and, for an explicit file, follows no include.path.
        result = self._run_git(["config", "--file", str(config), "--no-includes", "--get-regexp", r"^extensions\."],
                               cwd=self._shadow, max_bytes=MAX_CONFIG_BYTES, timeout=DEFAULT_TIMEOUT_SECONDS,
                               with_work_tree=False)
        found = {}
        for line in result.text().splitlines():
            key, _, value = line.partition(" ")
            name = key.split(".", 1)[-1].lower()
            if name in _CARRIED_EXTENSIONS and re.fullmatch(r"[A-Za-z0-9_-]{1,32}", value.strip()):
                found[name] = value.strip()
        return found

    def config_value(self, key: str) -> Optional[str]:
        """One value of the repository's own configuration (``remote.origin.url``), read as data, never obeyed."""
        config = self.common_dir / "config"
        try:
            if not config.is_file() or config.stat().st_size > MAX_CONFIG_BYTES:
                return None
        except OSError:
            return None
        result = self._run_git(["config", "--file", str(config), "--no-includes", "--get", key],
                               cwd=self._shadow, max_bytes=MAX_POINTER_FILE_BYTES, timeout=DEFAULT_TIMEOUT_SECONDS,
                               with_work_tree=False)
        value = result.text().strip()
        return value if result.ok and value else None

    def _environment(self, with_work_tree: bool) -> dict:
        assert self._shadow is not None, "git repository used after close()"
        home = os.path.join(self._shadow, "home")
        env = {
            "PATH": os.environ.get("PATH", os.defpath),
            "HOME": home, "XDG_CONFIG_HOME": home, "LC_ALL": "C", "LANG": "C",
            "GIT_DIR": self._shadow,
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.path.join(self._shadow, "empty-config"),
            "GIT_CONFIG_SYSTEM": os.path.join(self._shadow, "empty-config"),
            "GIT_ATTR_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "false", "SSH_ASKPASS": "false",
            "GIT_PAGER": "cat", "PAGER": "cat", "GIT_OPTIONAL_LOCKS": "0", "GIT_NO_REPLACE_OBJECTS": "1",
            "GIT_NO_LAZY_FETCH": "1", "GIT_PROTOCOL_FROM_USER": "0", "GIT_ALLOW_PROTOCOL": "",
        }
        if with_work_tree and self.work_tree is not None:
            env["GIT_WORK_TREE"] = str(self.work_tree)
        return env

    def _default_cwd(self) -> str:
        assert self._shadow is not None, "git repository used after close()"
        return str(self.work_tree) if self.work_tree is not None else self._shadow

    def _argv(self, args: list) -> list:
        argv = ["git", "--no-pager"]
        for setting in _COMMAND_LINE_CONFIG:
            argv += ["-c", setting]
        return argv + list(args)

    def _run_git(self, args: list, cwd: Optional[str], max_bytes: int, timeout: float,
                 stdin: Optional[bytes] = None, with_work_tree: bool = True) -> GitResult:
        process = _Process(self._argv(args), self._environment(with_work_tree), cwd or self._default_cwd(),
                           stdin, timeout, max_bytes)
        output = b"".join(process.chunks())
        return GitResult(output, process.failure, process.detail)

    # -- the API --
    def run(self, *args: str, cwd: Optional[Path] = None, max_bytes: int = DEFAULT_MAX_OUTPUT_BYTES,
            timeout: float = DEFAULT_TIMEOUT_SECONDS, stdin: Optional[bytes] = None) -> GitResult:
        """Run ``git ARGS`` on this repository; at most ``max_bytes`` of output are read (then OUTPUT_CUT)."""
        if self._shadow is None:
            raise ValueError("the repository is closed")
        return self._run_git(list(args), str(cwd) if cwd else None, max_bytes, timeout, stdin)

    def stream(self, *args: str, cwd: Optional[Path] = None, max_bytes: int = DEFAULT_MAX_OUTPUT_BYTES,
               timeout: float = DEFAULT_TIMEOUT_SECONDS, stdin: Optional[bytes] = None) -> "GitStream":
        """Run ``git ARGS`` and read its output as it arrives (``GitStream``), so a caller keeps only what it needs."""
        if self._shadow is None:
            raise ValueError("the repository is closed")
        process = _Process(self._argv(list(args)), self._environment(True), str(cwd) if cwd else self._default_cwd(),
                           stdin, timeout, max_bytes)
        return GitStream(process)

    def close(self) -> None:
        if self._shadow is not None:
            shutil.rmtree(self._shadow, ignore_errors=True)
            self._shadow = None

    def __enter__(self) -> "GitRepository":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


class GitStream:
    """A git command's output read as it arrives: ``read``, ``read_until`` and ``skip`` never hold more than asked."""

    def __init__(self, process: _Process):
        self._process = process
        self._chunks = process.chunks()
        self._buffer = bytearray()
        self._ended = False

    def _fill(self) -> bool:
        if self._ended:
            return False
        try:
            self._buffer += next(self._chunks)
            return True
        except StopIteration:
            self._ended = True
            return False

    def read(self, count: int) -> bytes:
        """Up to ``count`` bytes (fewer only at the end of the output)."""
        while len(self._buffer) < count and self._fill():
            pass
        data = bytes(self._buffer[:count])
        del self._buffer[:count]
        return data

    def skip(self, count: int) -> None:
        """Drop ``count`` bytes without keeping them."""
        while count > 0:
            if not self._buffer and not self._fill():
                return
            taken = min(count, len(self._buffer))
            del self._buffer[:taken]
            count -= taken

    def read_until(self, separator: bytes, max_bytes: int) -> tuple:
        """(bytes before ``separator``, cut): a record longer than ``max_bytes`` keeps its start and drops the rest.

        Returns (None, False) at the end of the output.
        """
        kept, cut = bytearray(), False
        while True:
            index = self._buffer.find(separator)
            if index >= 0:
                piece = self._buffer[:index]
                del self._buffer[: index + len(separator)]
                room = max_bytes - len(kept)
                kept += piece[:room]
                return bytes(kept), cut or len(piece) > room
            # Keep a possible partial separator at the end; move the rest into the record.
            movable = max(0, len(self._buffer) - len(separator) + 1)
            room = max_bytes - len(kept)
            kept += self._buffer[: min(movable, room)]
            cut = cut or movable > room
            del self._buffer[:movable]
            if not self._fill():
                if not kept and not self._buffer:
                    return None, False
                kept += self._buffer[: max(0, max_bytes - len(kept))]
                self._buffer.clear()
                return bytes(kept), cut

    def close(self) -> GitResult:
        """Stop the command (if it still runs) and say how it ended."""
        self._chunks.close()
        return GitResult(b"", self._process.failure, self._process.detail)

    def __enter__(self) -> "GitStream":
        return self

    def __exit__(self, *exc_info) -> None:
        self._chunks.close()

    @property
    def result(self) -> GitResult:
        """How the command ended so far (read everything first for the final answer)."""
        return GitResult(b"", self._process.failure, self._process.detail)


@dataclass(frozen=True)
class Discovery:
    """Where a folder's git data is: a repository to open, or why none is used.

    ``toplevel`` is the work tree holding ``.git`` (the folder itself, or a folder above
    it); ``refused`` says why a ``.git`` that points outside its folder was not followed.
    """

    toplevel: Optional[Path] = None
    git_dir: Optional[Path] = None
    common_dir: Optional[Path] = None
    refused: Optional[str] = None

    def open(self) -> GitRepository:
        assert self.git_dir is not None and self.common_dir is not None  # opened only when toplevel is set
        return GitRepository(self.toplevel, self.git_dir, self.common_dir)


def _git_dir_of(entry: Path, owner: str) -> tuple:
    """(git dir, refusal) for a ``.git`` entry of the work tree ``owner`` (a resolved path)."""
    if os.path.islink(entry) or os.path.isdir(entry):
        target = os.path.realpath(entry)
        if not os.path.isdir(target):
            return None, "its .git is a link to something that is not a folder"
    else:
        data = _read_small(str(entry))
        if data is None:
            return None, "its .git is neither a folder nor a small `gitdir:` file"
        text = data.decode("utf-8", errors="replace").strip()
        if not text.startswith("gitdir:"):
            return None, "its .git file does not say `gitdir:`"
        pointed = text[len("gitdir:"):].strip()
        target = os.path.realpath(os.path.join(owner, pointed))
    if not inside(target, owner):
        return None, f".git points at git data outside the audited folder ({target}); that history was not read"
    return Path(target), None


def _alternates_outside(objects: str, boundary: str, depth: int = 0) -> Optional[str]:
    """An alternate object folder outside ``boundary`` that git would borrow from, if any."""
    if depth > MAX_ALTERNATE_DEPTH:
        return None
    listed = os.path.join(objects, "info", "alternates")
    if not os.path.lexists(listed):
        return None
    try:
        if not os.path.isfile(listed) or os.path.getsize(listed) > MAX_CONFIG_BYTES:
            return listed
        with open(listed, "rb") as handle:
            lines = handle.read(MAX_CONFIG_BYTES).decode("utf-8", errors="replace").splitlines()
    except OSError:
        return listed
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        target = os.path.realpath(os.path.join(objects, line))
        if not inside(target, boundary):
            return target
        deeper = _alternates_outside(target, boundary, depth + 1)
        if deeper:
            return deeper
    return None


def discover(folder: Path) -> Discovery:
    """Find the git data for ``folder``: its own ``.git``, else the nearest folder above it with one.

    Every piece git would read (git dir, common dir, objects, refs, index, alternates)
    must lie inside the work tree that holds the ``.git``; otherwise the history is
    refused, with the reason, and the folder is audited as plain files.
    """
    folder = Path(os.path.realpath(folder))
    for candidate in (folder, *folder.parents):
        entry = candidate / ".git"
        if not os.path.lexists(entry):
            continue
        owner = str(candidate)
        git_dir, refused = _git_dir_of(entry, owner)
        if refused:
            # A .git of the folder itself that we refuse is reported; one above it just means "no repository".
            return Discovery(refused=refused) if candidate == folder else Discovery()
        common_dir = git_dir
        pointer = git_dir / "commondir"
        if os.path.lexists(pointer):
            data = _read_small(str(pointer))
            if data is None:
                return Discovery(refused="its commondir file is not a small regular file")
            common_dir = Path(os.path.realpath(os.path.join(git_dir, data.decode("utf-8", errors="replace").strip())))
            if not inside(str(common_dir), owner):
                return Discovery(refused=f"its git data is shared with a repository outside the audited folder"
                                         f" ({common_dir}); that history was not read")
        for name, base in (("objects", common_dir), ("refs", common_dir), ("packed-refs", common_dir),
                           ("shallow", common_dir), ("info", common_dir), ("reftable", common_dir),
                           ("index", git_dir), ("HEAD", git_dir)):
            piece = base / name
            if os.path.lexists(piece) and not inside(os.path.realpath(piece), owner):
                return Discovery(refused=f"its .git/{name} points outside the audited folder"
                                         f" ({os.path.realpath(piece)}); that history was not read")
        borrowed = _alternates_outside(os.path.realpath(common_dir / "objects"), owner)
        if borrowed:
            return Discovery(refused=f"its objects/info/alternates borrows objects from outside the audited folder"
                                     f" ({borrowed}); that history was not read")
        return Discovery(toplevel=candidate, git_dir=git_dir, common_dir=common_dir)
    return Discovery()


def open_bare(git_dir: Path) -> GitRepository:
    """A bare repository (a mirror: no work tree) opened through the same shadow; GitRefused when it borrows data
    from outside its own folder."""
    git_dir = Path(os.path.realpath(git_dir))
    owner = str(git_dir)
    for name in ("objects", "refs", "packed-refs", "shallow", "info", "reftable", "HEAD"):
        piece = git_dir / name
        if os.path.lexists(piece) and not inside(os.path.realpath(piece), owner):
            raise GitRefused(f"its {name} points outside {git_dir}")
    if os.path.lexists(git_dir / "commondir"):
        raise GitRefused("it shares its data with another repository (commondir)")
    borrowed = _alternates_outside(str(git_dir / "objects"), owner)
    if borrowed:
        raise GitRefused(f"its objects/info/alternates borrows objects from {borrowed}")
    return GitRepository(None, git_dir, git_dir)
