"""Generate webwork_async/_sync/ from webwork_async/_async/ (and tests/_sync/ from tests/_async/).

    python scripts/unasync.py           # rewrite the generated files
    python scripts/unasync.py --check   # exit 1 if they differ from what would be written

A line-based rewrite in the spirit of httpcore's unasync script: the async source is written
so that deleting its async-ness leaves correct sync code (``AsyncX`` → ``X``, ``async_x`` →
``x``, ``await`` → nothing, ...; see ``_concurrency.py`` for the twins it relies on). The check
also fails when a rule no longer matches anything, so the rule list cannot rot.

It first writes the two lists that name every resource, so that adding one is its model
module and its resource module (see CONTRIBUTING.md), with nothing to register by hand:

* the resource declarations of ``AsyncWebWork`` (``_async/_client.py``, between the markers,
  and the imports the type checkers need: each resource is imported when first used, see
  ``_lazy.py``): one per ``_async/_<name>.py`` that defines an
  ``Async<Name>(AsyncResource)`` class, whose docstring starts with its name on the client
  and a sentence, e.g. "``client.webhooks``: URLs the server calls ...": that sentence
  becomes the attribute's docstring;
* ``webwork_async/models/__init__.py``: every name in the ``__all__`` of ``models/_*.py``,
  imported when first read;
* the "Resources" sections of the clients' reference pages (``docs/reference/*-client.md``);
* what ``FakeWebWork`` offers for each module of ``testing/_resources/`` (``testing/_fake.py``,
  between the markers, and the imports they need): ``add_x = _locked(_module.add_x)`` for
  each public ``add_*`` function and each function marked ``@fake_method``, and a property
  for each ``read(ws)`` (named after the module) and ``read_<name>(ws)`` (named ``<name>``),
  typed by its return annotation, documented by its docstring, read under the lock;
* ``SeedInfo``'s fields for the ids of what those modules seed themselves (``testing/_seed.py``,
  between the markers): a module's ``seed(ws, now) -> list[Record]`` gives
  ``<record>_ids: tuple[<type of Record.id>, ...] = ()`` (``Webhook`` → ``webhook_ids``),
  the field ``_resource.seeds()`` fills at run time;
* both tables of ``docs/coverage.md`` (between the markers): what each resource offers (its
  methods, a pager's with its filters), and the endpoint each resource method declares with
  ``@endpoint("GET /webhooks/{webhookId}")`` beside it, with the call written the way it works.
"""

from __future__ import annotations

import argparse
import ast
import itertools
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TREES = [
    (ROOT / "webwork_async" / "_async", ROOT / "webwork_async" / "_sync"),
    (ROOT / "tests" / "_async", ROOT / "tests" / "_sync"),
]

RULES: list[tuple[str, str]] = [
    (r"\bAsyncGenerator\[(.+), None\]", r"Generator[\1, None, None]"),
    (r"\bAsync([A-Z]\w*)", r"\1"),  # AsyncWebWork, AsyncClient, AsyncIterator, AsyncPager
    (r"\basync_(\w+)", r"\1"),  # async_sleep, async_gather: the twins in _concurrency.py
    (r"\basync def\b", "def"),
    (r"\basync with\b", "with"),
    (r"\basync for\b", "for"),
    (r"\bawait ", ""),
    (r"\b__aenter__\b", "__enter__"),
    (r"\b__aexit__\b", "__exit__"),
    (r"\b__aiter__\b", "__iter__"),
    (r"\baclose\b", "close"),
    (r"\baclosing\b", "closing"),
    (r"\bhandle_async_request\b", "handle_request"),
    (r"\bAwaitable\[(\w+(?:\[[^\[\]]*\])?)\]", r"\1"),  # Awaitable[T], Awaitable[Page[T]]
    (r"\bAwaitable, ", ""),  # its import, once the annotations are gone
    (r"^ *@pytest\.mark\.anyio\n", ""),  # tests: sync tests need no event loop
    (r"\(a coroutine function too\) ", ""),  # docstrings: the sync client takes plain ones
]
_COMPILED = [(re.compile(pattern, re.MULTILINE), replacement) for pattern, replacement in RULES]


def header(source: Path) -> str:
    relative = source.relative_to(ROOT).as_posix()
    return (
        f"# This file is generated from {relative} by scripts/unasync.py.\n"
        "# Do not edit it: change the async source and run `python scripts/unasync.py`.\n"
    )


def unasync_text(text: str, used: set[str]) -> str:
    for regex, replacement in _COMPILED:
        text, count = regex.subn(replacement, text)
        if count:
            used.add(regex.pattern)
    return text


def formatted(path: Path, text: str) -> str:
    """``text`` as ruff formats it (and sorts its imports), with the project's settings, as if
    it were ``path``: dropping "Async" and "await" shortens lines and reorders names, and the
    output should read like any hand-written module (psycopg runs black on its output)."""

    def ruff(source: str, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *args, "--stdin-filename", str(path), "-"],
            input=source,
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        if result.returncode != 0:
            sys.exit(f"ruff failed on the output for {path.relative_to(ROOT)}:\n{result.stderr}")
        return result.stdout

    imports_sorted = ruff(text, "check", "--fix-only", "--select", "I", "--quiet")
    return ruff(imports_sorted, "format", "--quiet")


# -- the declarations that name every resource -------------------------------------------

PACKAGE = ROOT / "webwork_async"
CLIENT = PACKAGE / "_async" / "_client.py"
MODELS = PACKAGE / "models" / "__init__.py"
_BEGIN = "    # -- resources: written by scripts/unasync.py from _async/_*.py; do not edit --\n"
_END = "    # -- end of the resources --\n"
_IMPORTS = "\nif TYPE_CHECKING:\n"
DOCS = {
    ROOT / "docs" / "reference" / "async-client.md": "_async",
    ROOT / "docs" / "reference" / "sync-client.md": "_sync",
}
_DOCS_BEGIN = (
    "## Resources\n\n<!-- written by scripts/unasync.py from _async/_*.py: do not edit -->\n"
)
_SUMMARY = re.compile(r"``client\.(\w+)``: (.+?\.)(?:\s|$)", re.DOTALL)


def _generated_by(what: str) -> str:
    return (
        f"# This file is generated from {what} by scripts/unasync.py.\n"
        "# Do not edit it: change those and run `python scripts/unasync.py`.\n"
    )


def resources() -> list[tuple[str, str, str, str]]:
    """(attribute, module, class, summary) for each resource module, by attribute name."""
    found = []
    for source in sorted((PACKAGE / "_async").glob("_*.py")):
        for node in ast.parse(source.read_text()).body:
            bases = [base.id for base in getattr(node, "bases", ()) if isinstance(base, ast.Name)]
            if not isinstance(node, ast.ClassDef) or bases != ["AsyncResource"]:
                continue
            match = _SUMMARY.match(ast.get_docstring(node) or "")
            if match is None:
                sys.exit(f"{source.name}: {node.name}'s docstring must start ``client.<name>``:")
            name, summary = match[1], " ".join(match[2].split())
            if f"_{name}.py" != source.name:
                sys.exit(f"{source.name}: {node.name} is documented as client.{name}")
            found.append((name, source.stem, node.name, summary[0].upper() + summary[1:]))
    return sorted(found)


def client_text(text: str) -> str:
    """``_client.py`` with its resource imports and declarations written anew."""
    declared = resources()
    # Dropped: the resource imports, and those of modules that are gone (a removed resource).
    keep = {path.stem for path in (PACKAGE / "_async").glob("_*.py")}
    keep -= {module for _, module, _, _ in declared}
    lines = [
        line
        for line in text.splitlines(keepends=True)
        if not (m := re.fullmatch(r" *from \.(_\w+) import Async\w+\n", line)) or m[1] in keep
    ]
    text = "".join(lines)
    # For the type checkers only: each is imported when first used (_lazy.py).
    imports = "".join(f"    from .{module} import {cls}\n" for _, module, cls, _ in declared)
    first = text.index(_IMPORTS) + len(_IMPORTS)
    text = text[:first] + imports + text[first:]
    begin, end = text.index(_BEGIN) + len(_BEGIN), text.index(_END)
    body = "".join(
        f'    {name}: {cls} = resource()\n    """{summary}"""\n'
        for name, _, cls, summary in declared
    )
    return text[:begin] + body + text[end:]


def models_text() -> str:
    """``models/__init__.py``: its docstring as it is, then every model module's ``__all__``,
    each module imported when one of its names is first read (``_lazy.py``)."""
    docstring = ast.get_docstring(ast.parse(MODELS.read_text()), clean=False)
    exported: dict[str, str] = {}
    imports = []
    for source in sorted(MODELS.parent.glob("_[!_]*.py")):
        names = sorted(_all_of(source))
        if names:
            imports.append(f"    from .{source.stem} import {', '.join(names)}\n")
            exported |= dict.fromkeys(names, f".{source.stem}")
    listed = "".join(f'    "{name}",\n' for name in sorted(exported))
    sources = "".join(f'            "{name}": "{exported[name]}",\n' for name in sorted(exported))
    header = _generated_by("the __all__ of webwork_async/models/_*.py")
    return (
        f'{header}"""{docstring}"""\n\nfrom typing import TYPE_CHECKING\n\n'
        f"from .._lazy import lazy_names\n\nif TYPE_CHECKING:\n{''.join(imports)}"
        f"else:\n    __getattr__, __dir__ = lazy_names(\n        __name__,\n        {{\n"
        f"{sources}        }},\n    )\n\n__all__ = [\n{listed}]\n"
    )


def _all_of(source: Path) -> list[str]:
    for node in ast.parse(source.read_text()).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
        ):
            return [ast.literal_eval(element) for element in getattr(node.value, "elts", ())]
    return []


def reference_text(text: str, package: str) -> str:
    """A client's reference page with its resources section written anew."""
    begin = text.index(_DOCS_BEGIN) + len(_DOCS_BEGIN)
    sync = package == "_sync"
    sections = [
        f"::: webwork_async.{package}.{module}.{unasync_text(cls, set()) if sync else cls}\n"
        "    options:\n      heading_level: 3\n      show_bases: false\n"
        for _, module, cls, _ in resources()
    ]
    return text[:begin] + "\n" + "\n".join(sections)


FAKE = PACKAGE / "testing" / "_fake.py"
_FAKE_BEGIN = (
    "    # -- per resource: written by scripts/unasync.py from _resources/*.py; do not edit --\n"
)
_FAKE_IMPORT = re.compile(r"from \._resources import (\w+) as _\1\n")


def fake_members(source: Path) -> list[str]:
    """What ``FakeWebWork`` offers for one resource module of the fake, as class members."""
    alias = f"_{source.stem}"
    members = []
    for node in ast.parse(source.read_text()).body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        marked = any(
            isinstance(decorator, ast.Name) and decorator.id == "fake_method"
            for decorator in node.decorator_list
        )
        if node.name.startswith("add_") or marked:
            members.append(f"    {node.name} = _locked({alias}.{node.name})\n")
        elif node.name == "read" or node.name.startswith("read_"):
            name = source.stem if node.name == "read" else node.name.removeprefix("read_")
            docstring = ast.get_docstring(node)
            if node.returns is None or not docstring:
                sys.exit(f"{source.name}: {node.name} needs a return annotation and a docstring")
            members.append(
                f"    @property\n    def {name}(self) -> {ast.unparse(node.returns)}:\n"
                f'        """{docstring.replace(chr(10), chr(10) + 8 * " ")}"""\n'
                f"        return self._read({alias}.{node.name})\n"
            )
    return members


def fake_text(text: str) -> str:
    """``testing/_fake.py`` with its resource module imports and members written anew."""
    text = "".join(
        line for line in text.splitlines(keepends=True) if not _FAKE_IMPORT.fullmatch(line)
    )
    imports, members = [], []
    for source in sorted((FAKE.parent / "_resources").glob("[!_]*.py")):
        offered = fake_members(source)
        if offered:
            imports.append(f"from ._resources import {source.stem} as _{source.stem}\n")
            members += offered
    first = text.index("from ._")
    text = text[:first] + "".join(imports) + text[first:]
    begin, end = text.index(_FAKE_BEGIN) + len(_FAKE_BEGIN), text.index(_END)
    body = members[:1]
    for previous, member in itertools.pairwise(members):
        # one-line members (``add_x = _locked(...)``) follow each other without a blank line
        one_liners = previous.count("\n") == member.count("\n") == 1
        body += [member] if one_liners else ["\n", member]
    return text[:begin] + "".join(body) + text[end:]


SEED = PACKAGE / "testing" / "_seed.py"
_SEED_BEGIN = (
    "    # -- written by scripts/unasync.py from each _resources/*.py's seed(); do not edit --\n"
)
_SEED_END = "    # -- end of the seeded resources --\n"


def seed_fields() -> list[str]:
    """``SeedInfo``'s field for each resource module with a ``seed``, in module order."""
    fields = []
    for source in sorted((FAKE.parent / "_resources").glob("[!_]*.py")):
        body = ast.parse(source.read_text()).body
        seed = next((n for n in body if isinstance(n, ast.FunctionDef) and n.name == "seed"), None)
        if seed is None:
            continue
        returns = seed.returns
        if not (isinstance(returns, ast.Subscript) and isinstance(returns.slice, ast.Name)):
            sys.exit(f"{source.name}: seed must return list[<record>]")
        record = returns.slice.id
        classes = [n for n in body if isinstance(n, ast.ClassDef) and n.name == record]
        ids = [
            ast.unparse(n.annotation)
            for cls in classes
            for n in cls.body
            if isinstance(n, ast.AnnAssign) and ast.unparse(n.target) == "id"
        ]
        if not ids:
            sys.exit(f"{source.name}: seed returns {record}, which needs an `id` field here")
        field = re.sub(r"(?<!^)(?=[A-Z])", "_", record).lower() + "_ids"
        fields.append(f"    {field}: tuple[{ids[0]}, ...] = ()\n")
    return fields


def seed_text(text: str) -> str:
    begin, end = text.index(_SEED_BEGIN) + len(_SEED_BEGIN), text.index(_SEED_END)
    return text[:begin] + "".join(seed_fields()) + text[end:]


COVERAGE = ROOT / "docs" / "coverage.md"
_CALLS_BEGIN = "<!-- written by scripts/unasync.py from the resource classes: do not edit -->\n"
_ENDPOINTS_BEGIN = (
    "<!-- written by scripts/unasync.py from the resource methods' @endpoint: do not edit -->\n"
)
_TABLE_END = "<!-- end of the generated table -->\n"
# Parameters every pager takes: the table shows a list's own filters only.
_KNOBS = {"per_page", "max_items", "concurrency", "workspace_id"}


def _methods(module: str, cls: str) -> list[ast.FunctionDef | ast.AsyncFunctionDef | ast.Assign]:
    """The public methods (and aliases, ``create = request``) of a resource class, in order."""
    tree = ast.parse((PACKAGE / "_async" / f"{module}.py").read_text())
    (found,) = (node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == cls)
    return [
        node
        for node in found.body
        if (
            isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and not node.name.startswith("_")
        )
        or (isinstance(node, ast.Assign) and isinstance(node.value, ast.Name))
    ]


def _is_pager(method: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return method.returns is not None and ast.unparse(method.returns).startswith("AsyncPager[")


def _declared(method: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    for decorator in method.decorator_list:
        if isinstance(decorator, ast.Call) and ast.unparse(decorator.func) == "endpoint":
            return ast.literal_eval(decorator.args[0])
    return None


def calls_table() -> str:
    rows = ["| resource | methods |\n|---|---|\n"]
    for name, module, cls, _ in resources():
        shown = []
        for method in _methods(module, cls):
            if isinstance(method, ast.Assign):
                shown.extend(f"`{ast.unparse(target)}`" for target in method.targets)
            elif _is_pager(method):
                filters = [a.arg for a in method.args.kwonlyargs if a.arg not in _KNOBS]
                listed = f"({', '.join(f'{f}=' for f in filters)})" if filters else ""
                shown.append(f"`{method.name}{listed}`")
            else:
                shown.append(f"`{method.name}`")
        rows.append(f"| `client.{name}` | {', '.join(shown)} |\n")
    return "".join(rows)


def endpoints_table() -> str:
    rows = []
    for name, module, cls, _ in resources():
        for method in _methods(module, cls):
            if isinstance(method, ast.Assign) or (key := _declared(method)) is None:
                continue
            call = f"client.{name}.{method.name}(...){'.to_list()' if _is_pager(method) else ''}"
            rows.append(f"| {len(rows) + 1} | `{key}` | `await {call}` | `{call}` |\n")
    return (
        f"The {len(rows)} operations of the WebWork REST API V2 reference (a documented method"
        " and path)\nthat the clients call, and the method that calls each (the same name on"
        " both clients).\nList methods return a pager, not a coroutine: the table collects it"
        " with `.to_list()`;\n`async for` (`for` in sync code) iterates it instead"
        " ([Pagination](guides/pagination.md)).\n\n"
        "| # | endpoint | `AsyncWebWork` | `WebWork` |\n|---|---|---|---|\n" + "".join(rows)
    )


def coverage_text(text: str) -> str:
    """``docs/coverage.md`` with its two tables written anew."""
    for begin, table in ((_CALLS_BEGIN, calls_table()), (_ENDPOINTS_BEGIN, endpoints_table())):
        start = text.index(begin) + len(begin)
        end = text.index(_TABLE_END, start)
        text = f"{text[:start]}\n{table}\n{text[end:]}"
    return text


def declarations() -> dict[Path, str]:
    outputs = {
        CLIENT: formatted(CLIENT, client_text(CLIENT.read_text())),
        MODELS: formatted(MODELS, models_text()),
        FAKE: formatted(FAKE, fake_text(FAKE.read_text())),
        SEED: formatted(SEED, seed_text(SEED.read_text())),
    }
    for page, package in DOCS.items():
        outputs[page] = reference_text(page.read_text(), package)
    outputs[COVERAGE] = coverage_text(COVERAGE.read_text())
    return outputs


def generate(used: set[str]) -> dict[Path, str]:
    outputs = declarations()
    for source_dir, target_dir in TREES:
        for source in sorted(source_dir.glob("*.py")):
            original = outputs.get(source) or source.read_text()
            text = unasync_text(original, used)
            target = target_dir / source.name
            outputs[target] = formatted(target, header(source) + text)
    return outputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the output would change")
    args = parser.parse_args(argv)
    used: set[str] = set()
    outputs = generate(used)
    stale = sorted(
        path for _, target in TREES for path in target.glob("*.py") if path not in outputs
    )
    if args.check:
        problems = [
            f"{path.relative_to(ROOT)} is out of date"
            for path, text in outputs.items()
            if not path.exists() or path.read_text() != text
        ]
        problems += [f"{path.relative_to(ROOT)} has no async source" for path in stale]
        problems += [f"rule {p!r} matches nothing" for p, _ in RULES if p not in used]
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print("run: python scripts/unasync.py", file=sys.stderr)
            return 1
        print(f"{len(outputs)} generated files are up to date")
        return 0
    for _, target in TREES:
        target.mkdir(exist_ok=True)
    for path in stale:
        path.unlink()
    for path, text in outputs.items():
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
