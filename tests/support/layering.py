"""The layering rule of ARCHITECTURE.md, read from the modules' own imports with ``ast``.

Every import counts: module level, inside functions (lazy) and under ``TYPE_CHECKING``,
because each is a dependency a change can break.
"""

from __future__ import annotations

import ast
import dataclasses
import pathlib
from collections.abc import Mapping

# Stages in pipeline order: a module may import its own stage or an earlier one, never a later one.
# "pkg.*" is a stage folder (the package and everything in it); other names are single modules.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("vocabulary", ("derive.tree", "derive.results", "derive.errors", "derive.version")),
    ("reading", ("derive.reading.*",)),
    ("meaning", ("derive.meaning.*",)),
    ("symbolic", ("derive.symbolic.*",)),
    ("checking", ("derive.checking.*",)),
    ("report", ("derive.report.*",)),
    ("deriving", ("derive.deriving.*",)),
    ("testing", ("derive.testing.*",)),
    ("entry", ("derive", "derive.cli", "derive.launcher", "derive.jupyter", "derive.lsp.*", "derive.__main__")),
)


@dataclasses.dataclass(frozen=True)
class Violation:
    """One broken rule, said so that the fix is plain."""

    module: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line}: {self.message}"


def modules(root: pathlib.Path, package: str) -> dict[str, pathlib.Path]:
    """Every module of ``package`` under ``root``, by dotted name (a package by its own name)."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(name: str, path: pathlib.Path, known: Mapping[str, pathlib.Path]) -> list[tuple[str, int]]:
    """``(imported module, line)`` for each import of a module in ``known`` (or of a top-level package)."""
    is_package = path.name == "__init__.py"
    here = name if is_package else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = here.split(".")[: len(here.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.append((candidate if candidate in known else base, node.lineno))
    return [(target, line) for target, line in found if target != name]


def layer_of(module: str) -> int | None:
    """The index in :data:`LAYERS` of ``module``'s stage, or None when no stage names it."""
    for index, (_, names) in enumerate(LAYERS):
        for pattern in names:
            folder = pattern.removesuffix(".*")
            if module == folder or (pattern.endswith(".*") and module.startswith(folder + ".")):
                return index
    return None


def violations(root: pathlib.Path) -> list[Violation]:
    """Upward imports, modules in no stage, cycles, and ``numeric`` importing ``derive``."""
    derive_modules = modules(root, "derive")
    found: list[Violation] = []
    graph: dict[str, set[str]] = {name: set() for name in derive_modules}
    for name, path in derive_modules.items():
        rank = layer_of(name)
        if rank is None:
            found.append(Violation(name, 1, "belongs to no stage: place it in a stage's folder (see ARCHITECTURE.md)"))
            continue
        for target, line in imports(name, path, derive_modules):
            if target not in derive_modules:
                continue
            graph[name].add(target)
            target_rank = layer_of(target)
            if target_rank is not None and target_rank > rank:
                found.append(Violation(
                    name, line,
                    f"imports {target} ({LAYERS[target_rank][0]}), a later stage than its own ({LAYERS[rank][0]})",
                ))
    found += [Violation(cycle[0], 1, "import cycle: " + " -> ".join(cycle + [cycle[0]])) for cycle in cycles(graph)]
    for name, path in modules(root, "numeric").items():
        for target, line in imports(name, path, {}):
            if target == "derive" or target.startswith("derive."):
                found.append(Violation(name, line, f"numeric imports {target}: the oracles must not know derive"))
    return found


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components
