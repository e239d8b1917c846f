#!/usr/bin/env python3
"""Runs the example commands of the docs, so that they cannot drift from the code.

What it checks, in README.md and docs/**/*.md (or the files given; rules/README.md and samples/README.md get the static
checks only):

* Every fenced block tagged ``sh`` (or bash, shell, console) is an example. It is run, unless the line before its
  fence is ``<!-- docs-check: skip REASON -->`` (a reason is required). The runnable blocks of one file run in order
  in one bash session (set -e -o pipefail), like a reader walking the page: a later block may use what an earlier one
  made. The session runs in a scratch directory that links every top-level entry of the repository, so paths are
  the repository's and what the commands write stays out of it, with PARCELSTREAM__METRICS__PORT=0 so that parallel
  runs do not compete for port 9464. ``parcelstream`` is the built host
  (src/ParcelStream.Host/bin/Release/net10.0/parcelstream.dll); build first (make build).
* ``<!-- docs-check: cluster -->`` anywhere in a file starts an embedded Kafka (``parcelstream cluster``) before its
  session and sets $BOOTSTRAP, as the quick start does by hand.
* README.md's commands table has a row for every command of the built CLI (its --help tree).
* Every relative link names an existing file, and its #anchor a heading there.
* Every ``parcelstream ...`` command, in any sh block (skipped ones too) or in inline code, names a real subcommand
  and only options that its --help lists; every ``make X`` names a target of the Makefile; a command-looking line in
  a block of another language is an error (tag it sh).

A failure prints FILE:LINE of the command that failed and the tail of the session's output, and exits 1.
Usage: scripts/docs-check.py [--static] [FILE...]   (--static: only the static checks, nothing is run)
"""

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HOST_DLL = REPO / "src/ParcelStream.Host/bin/Release/net10.0/parcelstream.dll"
SHELL_LANGS = {"sh", "bash", "shell", "console"}
COMMAND_WORDS = ("parcelstream ", "make ", "kubectl ", "kcat ", "dotnet ", "docker ", "curl ", "promtool ")
SKIP_RE = re.compile(r"^<!--\s*docs-check:\s*skip\b\s*(.*?)\s*-->\s*$")
CLUSTER_RE = re.compile(r"^<!--\s*docs-check:\s*cluster\s*-->\s*$", re.MULTILINE)
FENCE_RE = re.compile(r"^(\s*)(`{3,})\s*([A-Za-z0-9_+-]*)\s*$")
TIMEOUT_SECONDS = int(os.environ.get("DOCS_CHECK_TIMEOUT", "240"))


class Block:
    def __init__(self, path, start_line, lang, lines, skip_reason):
        self.path = path
        self.start_line = start_line  # line number of the first line inside the fence
        self.lang = lang
        self.lines = lines
        self.skip_reason = skip_reason


# Checked but not run: their examples use files the reader makes first (rules/README.md's m.json).
STATIC_ONLY = [REPO / "rules/README.md", REPO / "samples/README.md"]


def default_files():
    files = [REPO / "README.md"]
    files += sorted((REPO / "docs").rglob("*.md"))
    return files + STATIC_ONLY


def rel(path):
    return os.path.relpath(path, REPO)


def parse_blocks(path, errors):
    text = path.read_text(encoding="utf-8").splitlines()
    blocks = []
    i = 0
    while i < len(text):
        m = FENCE_RE.match(text[i])
        if not m:
            i += 1
            continue
        fence, lang = m.group(2), m.group(3).lower()
        body_start = i + 1
        j = body_start
        while j < len(text) and not text[j].strip().startswith(fence):
            j += 1
        if j == len(text):
            errors.append(f"{rel(path)}:{i + 1}: unclosed code fence")
            break
        k = i - 1
        while k >= 0 and text[k].strip() == "":
            k -= 1
        skip = None
        if k >= 0:
            sm = SKIP_RE.match(text[k].strip())
            if sm:
                skip = sm.group(1)
                if not skip:
                    errors.append(f"{rel(path)}:{k + 1}: docs-check: skip needs a reason")
                    skip = "(no reason)"
        blocks.append(Block(path, body_start + 1, lang, text[body_start:j], skip))
        i = j + 1
    return blocks


def commands_of(block):
    """(line number, command text) of each logical command line of an sh block (continuations joined)."""
    out = []
    pending, pending_line = "", 0
    for n, line in enumerate(block.lines):
        if not pending:
            pending_line = block.start_line + n
        stripped = line.rstrip()
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        pending += stripped
        out.append((pending_line, pending))
        pending = ""
    return out


# ---- static checks -------------------------------------------------------------------------------------------------

_help_cache = {}


def help_of(path):
    """--help text of `parcelstream PATH...`, or None when that is not a command."""
    key = tuple(path)
    if key not in _help_cache:
        r = subprocess.run(["dotnet", str(HOST_DLL), *path, "--help"], capture_output=True, text=True, cwd=REPO)
        _help_cache[key] = r.stdout if r.returncode == 0 else None
    return _help_cache[key]


def subcommands(help_text):
    section = help_text.split("\nCommands:\n", 1)
    if len(section) < 2:
        return set()
    return {m.group(1) for m in re.finditer(r"^  ([a-z][a-z0-9-]*)", section[1], re.MULTILINE)}


def options(help_text):
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", help_text))


def check_parcelstream(words, where, errors):
    """words: the tokens after `parcelstream`."""
    path = []
    top = help_of([])
    if top is None:
        errors.append(f"{where}: parcelstream --help failed (is {rel(HOST_DLL)} built?)")
        return
    text = top
    for w in words:
        subs = subcommands(text)
        if w in subs:
            path.append(w)
            text = help_of(path)
            if text is None:
                errors.append(f"{where}: parcelstream {' '.join(path)} --help failed")
                return
        else:
            break
    if not path:
        if words and not words[0].startswith("-") and re.fullmatch(r"[a-z][a-z-]*", words[0]):
            errors.append(f"{where}: 'parcelstream {words[0]}' is not a command")
        return
    known = options(text)
    for w in words[len(path):]:
        if w.startswith("--") and not w.startswith("--ParcelStream:") and w != "--":
            name = w.split("=", 1)[0]
            if not re.fullmatch(r"--[a-z][a-z0-9-]*", name):
                continue
            if name not in known:
                errors.append(f"{where}: parcelstream {' '.join(path)} has no option {name} (see its --help)")


def leaf_commands(path=()):
    """Every command of the CLI that has no subcommands, e.g. ('rules', 'check')."""
    text = help_of(list(path)) or ""
    subs = sorted(subcommands(text))
    if not subs:
        return [path]
    return [leaf for sub in subs for leaf in leaf_commands(path + (sub,))]


def check_commands_table(errors):
    """README.md's commands table has a row for every command the built CLI has."""
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    rows = [l for l in lines if l.startswith("| `parcelstream ")]
    for leaf in leaf_commands():
        name = "parcelstream " + " ".join(leaf)
        if not any(r.startswith(f"| `{name}`") or r.startswith(f"| `{name} ") for r in rows):
            errors.append(f"README.md: the commands table has no row for `{name}` (see parcelstream --help)")


_make_targets = None


def make_targets():
    global _make_targets
    if _make_targets is None:
        text = (REPO / "Makefile").read_text(encoding="utf-8")
        _make_targets = set(re.findall(r"^([a-z][a-z0-9-]*):", text, re.MULTILINE))
    return _make_targets


def tokens(command):
    command = command.split(" #", 1)[0]
    try:
        return shlex.split(command, comments=False)
    except ValueError:
        return command.split()


def check_command(command, where, errors):
    for segment in re.split(r"\s*(?:&&|\|\||;|\||\$\()\s*", command):
        t = tokens(segment.strip())
        if not t:
            continue
        if t[0] == "parcelstream":
            check_parcelstream(t[1:], where, errors)
        elif t[0] == "make":
            for target in t[1:]:
                if "=" in target or target.startswith("-"):
                    continue
                if target not in make_targets():
                    errors.append(f"{where}: make has no target '{target}'")


LINK_RE = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def slug(heading):
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(path):
    found = set()
    in_fence = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE_RE.match(line):
            in_fence = not in_fence
        elif not in_fence and line.startswith("#"):
            found.add(slug(line.lstrip("#")))
    return found


def check_links(path, lines, errors):
    """Relative links must name an existing file, and an anchor a heading of it."""
    for n, line in enumerate(lines):
        for m in LINK_RE.finditer(line):
            target = m.group(1)
            if re.match(r"^[a-z]+:", target):
                continue
            file_part, _, anchor = target.partition("#")
            dest = (path.parent / file_part).resolve() if file_part else path
            if not dest.exists():
                errors.append(f"{rel(path)}:{n + 1}: link to {target}: no such file")
            elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
                errors.append(f"{rel(path)}:{n + 1}: link to {target}: no heading with that anchor")


INLINE_RE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")


def static_checks(path, blocks, errors):
    lines = path.read_text(encoding="utf-8").splitlines()
    check_links(path, lines, errors)
    in_block = set()
    for b in blocks:
        in_block.update(range(b.start_line - 1, b.start_line + len(b.lines) + 1))
        if b.lang in SHELL_LANGS:
            for line, command in commands_of(b):
                check_command(command, f"{rel(path)}:{line}", errors)
        else:
            for n, line in enumerate(b.lines):
                if line.lstrip().startswith(COMMAND_WORDS) and b.lang not in {"make", "makefile", "dockerfile"}:
                    errors.append(f"{rel(path)}:{b.start_line + n}: a command in a ```{b.lang or '(untagged)'} block: tag the block sh (and skip it with a reason if it cannot run)")
    for n, line in enumerate(lines):
        if n in in_block:
            continue
        for m in INLINE_RE.finditer(line):
            code = m.group(1)
            if code.startswith(("parcelstream ", "make ")) and "..." not in code:
                check_command(code, f"{rel(path)}:{n + 1}", errors)


# ---- running -------------------------------------------------------------------------------------------------------


def sandbox():
    d = Path(tempfile.mkdtemp(prefix="docs-check."))
    for entry in REPO.iterdir():
        if entry.name not in {".git"}:
            (d / entry.name).symlink_to(entry)
    return d


def build_script(path, blocks, with_cluster):
    """The session script, and for each of its lines the document line it came from."""
    lines, origin = [], []

    def add(text, source=None):
        lines.append(text)
        origin.append(source)

    add("set -eE -o pipefail")
    # In a function (parcelstream) LINENO is the function's line; BASH_LINENO holds the caller's.
    add('trap \'s=$?; echo "__DOCS_CHECK_FAILED__ $s $LINENO ${BASH_LINENO[*]}" >&2\' ERR')
    # As in a terminal: a page may define parcelstream as an alias (a background job is then the process itself).
    add("shopt -s expand_aliases")
    add(f'parcelstream() {{ dotnet "{HOST_DLL}" "$@"; }}')
    if with_cluster:
        add("parcelstream cluster > .docs-check-cluster.env 2> .docs-check-cluster.log &")
        add("for i in $(seq 120); do grep -qs BOOTSTRAP= .docs-check-cluster.env && break; sleep 0.5; done")
        add(". ./.docs-check-cluster.env")
    for b in blocks:
        add(f"echo '__DOCS_CHECK_BLOCK__ {rel(path)}:{b.start_line}'")
        command_line = None
        for n, text in enumerate(b.lines):
            # a command continued over several lines is reported at its first line
            command_line = command_line or b.start_line + n
            add(text, command_line)
            if not text.rstrip().endswith("\\"):
                command_line = None
    add("echo __DOCS_CHECK_DONE__")
    return "\n".join(lines) + "\n", origin


def run_file(path, blocks, errors):
    runnable = [b for b in blocks if b.lang in SHELL_LANGS and b.skip_reason is None]
    skipped = [b for b in blocks if b.lang in SHELL_LANGS and b.skip_reason is not None]
    text = path.read_text(encoding="utf-8")
    if not runnable:
        return 0, len(skipped), 0.0
    script, origin = build_script(path, runnable, CLUSTER_RE.search(text) is not None)
    work = sandbox()
    (work / ".docs-check.sh").write_text(script, encoding="utf-8")
    log_path = work / ".docs-check.log"
    started = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as log:
        # A worker started by a page takes a free metrics port, not 9464: parallel runs (another worktree's make test)
        # would otherwise compete for it. Arguments on the page still win over this environment variable.
        env = dict(os.environ, PARCELSTREAM__METRICS__PORT="0", DOTNET_CLI_TELEMETRY_OPTOUT="1")
        proc = subprocess.Popen(["bash", ".docs-check.sh"], cwd=work, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True, env=env)
        try:
            code = proc.wait(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            code = None
        finally:
            stop_group(proc.pid)
    elapsed = time.monotonic() - started
    output = log_path.read_text(encoding="utf-8", errors="replace")
    done = "__DOCS_CHECK_DONE__" in output
    if code == 0 and done:
        shutil.rmtree(work, ignore_errors=True)
        print(f"docs-check: {rel(path)}: {len(runnable)} block(s) run in {elapsed:.1f} s" + (f", {len(skipped)} skipped" if skipped else ""))
        return len(runnable), len(skipped), elapsed
    where = f"{rel(path)}"
    m = re.search(r"__DOCS_CHECK_FAILED__ (\d+) ([\d ]+)", output)
    if m:
        status = m.group(1)
        candidates = [int(n) for n in m.group(2).split()]
        doc_line = next((origin[n - 1] for n in candidates if 0 < n <= len(origin) and origin[n - 1] is not None), None)
        lines = text.splitlines()
        shown = lines[doc_line - 1].strip() if doc_line else "?"
        errors.append(f"{where}:{doc_line}: exit {status}: {shown}")
    elif code is None:
        blocks_started = re.findall(r"__DOCS_CHECK_BLOCK__ (\S+)", output)
        errors.append(f"{where}: timed out after {TIMEOUT_SECONDS} s in the block at {blocks_started[-1] if blocks_started else '?'}")
    else:
        errors.append(f"{where}: session ended with exit {code} before its last block")
    tail = [l for l in output.splitlines() if not l.startswith("__DOCS_CHECK_")][-25:]
    errors.append("    " + "\n    ".join(tail) + f"\n    (session kept in {work})")
    return len(runnable), len(skipped), elapsed


def stop_group(pid):
    """Ends what the session left running (background jobs: a cluster, a worker)."""
    for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 0)):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                os.killpg(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)


def main(argv):
    static_only = "--static" in argv
    args = [a for a in argv if a != "--static"]
    files = [Path(a).resolve() for a in args] or default_files()
    if not HOST_DLL.exists():
        print(f"docs-check: {rel(HOST_DLL)} is missing: run make build first", file=sys.stderr)
        return 2
    errors = []
    total_run = total_skipped = 0
    started = time.monotonic()
    parsed = {}
    for f in files:
        parsed[f] = parse_blocks(f, errors)
        static_checks(f, parsed[f], errors)
    if REPO / "README.md" in files:
        check_commands_table(errors)
    if not static_only and not errors:
        for f in files:
            if f in STATIC_ONLY:
                continue
            n_run, n_skip, elapsed = run_file(f, parsed[f], errors)
            total_run += n_run
            total_skipped += n_skip
    for e in errors:
        print(e, file=sys.stderr)
    took = time.monotonic() - started
    if errors:
        print(f"docs-check: FAILED ({len([e for e in errors if not e.startswith('    ')])} problem(s)) in {took:.0f} s", file=sys.stderr)
        return 1
    print(f"docs-check: {len(files)} files, {total_run} blocks run, {total_skipped} skipped with a reason, commands and options checked, {took:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
