"""The shape between the apps: layers (README, "Where does new code go"; docs/adr/0011), no import cycles, and
imports inside functions only where Django leaves no other way.

`make test` also runs `lint-imports` over the same contracts (.importlinter); these tests say what a failure
means in words, and show that the checks do catch a wrong import.
"""

import ast
import configparser
from functools import cache
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = ROOT / ".importlinter"
# Django has each app's ready() connect its signal receivers, whose modules use models loaded after the app's
# module: those imports can only sit in ready(). Anything else inside a function dodges a cycle.
MOST_IMPORTS_INSIDE_FUNCTIONS = 3


def _layers() -> list[str]:
    config = configparser.ConfigParser()
    config.read(CONTRACTS)
    return config["importlinter:contract:layers"]["layers"].split()


@cache
def _graph() -> grimp.ImportGraph:
    return grimp.build_graph(*_layers())


def _cycles(graph) -> list[list[str]]:
    """Every set of modules that import one another, directly or through others (Tarjan's algorithm)."""
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while (member := stack.pop()) != module:
                on_stack.discard(member)
                component.append(member)
            on_stack.discard(module)
            if component:
                cycles.append(sorted([module, *component]))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return cycles


def test_every_app_imports_only_the_apps_below_it():
    illegal = _graph().find_illegal_dependencies_for_layers(layers=_layers())
    described = [f"{dependency.importer} imports {dependency.imported}" for dependency in illegal]
    assert described == [], "An app imports one above it (see README, Where does new code go)"


def test_a_wrong_import_breaks_the_layers():
    graph = grimp.build_graph(*_layers())  # a graph of its own: the shared one stays as the code is
    graph.add_import(importer="activity.models.records", imported="reports.figures", line_number=1, line_contents="")
    illegal = graph.find_illegal_dependencies_for_layers(layers=_layers())
    assert [(dependency.importer, dependency.imported) for dependency in illegal] == [("activity", "reports")]


def test_no_module_imports_one_that_imports_it_back():
    assert _cycles(_graph()) == []


def test_a_cycle_is_found():
    graph = grimp.ImportGraph()
    for importer, imported in [("a.x", "a.y"), ("a.y", "a.z"), ("a.z", "a.x"), ("a.z", "a.w")]:
        graph.add_import(importer=importer, imported=imported)
    assert _cycles(graph) == [["a.x", "a.y", "a.z"]]


def _project_imports_inside_functions() -> list[tuple[str, int, str]]:
    """(file, line, the comment saying why) for each import of a project module inside a function."""
    apps = set(_layers())
    found = []
    for app in sorted(apps):
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            source = path.read_text(encoding="utf-8")
            lines = source.splitlines()
            for function in ast.walk(ast.parse(source)):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for node in ast.walk(function):
                    if isinstance(node, ast.Import):
                        names = [alias.name for alias in node.names]
                    elif isinstance(node, ast.ImportFrom):
                        names = [node.module or ""] if node.level == 0 else [app]
                    else:
                        continue
                    if any(name.split(".")[0] in apps for name in names):
                        above = lines[node.lineno - 2].strip()
                        why = above if above.startswith("#") else lines[node.lineno - 1].partition("#")[2].strip()
                        found.append((str(path.relative_to(ROOT)), node.lineno, why))
    return found


def test_imports_inside_functions_are_few_and_each_says_why():
    inside = _project_imports_inside_functions()
    assert len(inside) <= MOST_IMPORTS_INSIDE_FUNCTIONS, inside
    assert [(path, line) for path, line, why in inside if not why] == []


def test_the_bottom_layer_imports_no_app():
    imported = {module.split(".")[0] for module in _graph().find_upstream_modules("core", as_package=True)}
    assert imported & set(_layers()) == set()
