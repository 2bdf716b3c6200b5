"""devhub uses Textual through its public API only (PRODUCT.md: "a Textual upgrade is
tested, not feared"): no private member (`_name`, not a dunder) of a Textual class or
object anywhere in `devhub_tui/` except `tui/textual_compat.py`, the one module that
holds what has no public route (guarded, with its canary in test_textual_compat.py).

The project has private attributes of its own (`self._rows` on a widget), so the test
tells them from Textual's by asking Textual itself, at test time:

- in a class whose MRO holds Textual classes (found by importing the module and
  reading the class's real `__mro__`), a method `def _x`, `self._x`/`cls._x` and
  `super()._x` are Textual's when a Textual class of that MRO defines `_x` (as a
  class attribute, or as `self._x = ...` in its source): overriding, reading or
  overwriting Textual's own attribute;
- a method named `_on_<event>` / `_watch_<name>` / `_validate_<name>` /
  `_compute_<name>` in such a class is Textual's private naming convention for
  handlers and reactives, whatever Textual defines: flagged unless decorated with
  `@on` (then its name is not what dispatches it);
- `Name._x` where `Name` was imported from textual (`App._modes`), or a module
  alias of textual (`textual.app._x`);
- `anything._x` where `_x` is a private name that some Textual class defines and no
  code in `devhub_tui/` defines itself (`screen._css_update_count`, `app._driver`),
  and the same name given as a string to `getattr`, `setattr` or `hasattr`;
- importing a private Textual module (`textual._animator`) or a private name from
  one (`from textual.app import _x`).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import textual

PACKAGE = Path(__file__).resolve().parents[2] / "devhub_tui"
#: the one module allowed to touch Textual's private members (guarded there)
COMPAT = PACKAGE / "tui" / "textual_compat.py"
#: Textual's naming conventions that make a private-named method a Textual hook
PRIVATE_HOOKS = ("_on_", "_watch_", "_validate_", "_compute_")


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _is_textual(cls: type) -> bool:
    return cls.__module__ == "textual" or cls.__module__.startswith("textual.")


def _self_assigned(tree: ast.AST) -> set[str]:
    """Names assigned as `self.NAME = ...` (or annotated) anywhere in `tree`."""
    names: set[str] = set()
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        for target in targets:
            for sub in ast.walk(target):
                if (isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name)
                        and sub.value.id == "self"):
                    names.add(sub.attr)
    return names


@cache
def textual_members(cls: type) -> frozenset[str]:
    """Every name a Textual class defines: class attributes and the instance
    attributes its source assigns on `self`."""
    names = set(vars(cls))
    names.update(getattr(cls, "__slots__", ()) or ())
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):
        return frozenset(names)
    names |= _self_assigned(ast.parse(source))
    return frozenset(names)


@cache
def textual_private_names() -> frozenset[str]:
    """The private names any class in the textual package defines (read from its
    source files, nothing imported)."""
    names: set[str] = set()
    for path in Path(textual.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                        names.add(item.name)
                    elif isinstance(item, ast.Assign):
                        names.update(t.id for t in item.targets if isinstance(t, ast.Name))
                    elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                        names.add(item.target.id)
                names |= _self_assigned(node)
    return frozenset(n for n in names if _private(n))


def _modules() -> Iterator[tuple[Path, str, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == COMPAT:
            continue
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        yield path, ".".join(parts), ast.parse(path.read_text(encoding="utf-8"))


@cache
def project_private_names() -> frozenset[str]:
    """Private names devhub_tui defines itself (outside the compat module):
    functions, classes, class attributes, `self._x` assignments, module globals."""
    names: set[str] = set()
    for _path, _module, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Assign):
                names.update(t.id for t in node.targets if isinstance(t, ast.Name))
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names.add(node.target.id)
            elif isinstance(node, ast.ImportFrom | ast.Import):
                names.update(a.asname or a.name for a in node.names)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
        names |= _self_assigned(tree)
    return frozenset(n for n in names if _private(n))


@dataclass(frozen=True)
class Finding:
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def _textual_module(name: str | None) -> bool:
    return bool(name) and (name == "textual" or name.startswith("textual."))  # type: ignore[union-attr]


def _textual_imports(tree: ast.Module) -> tuple[set[str], set[str], list[tuple[int, str]]]:
    """(local names bound to textual things, local names bound to anything else
    imported, private imports found)."""
    names: set[str] = set()
    foreign: set[str] = set()
    bad: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not _textual_module(node.module):
            foreign.update(a.asname or a.name for a in node.names)
        elif isinstance(node, ast.Import):
            foreign.update((a.asname or a.name).split(".")[0] for a in node.names
                           if not _textual_module(a.name))
        if isinstance(node, ast.ImportFrom) and _textual_module(node.module):
            assert node.module is not None
            if any(_private(part) for part in node.module.split(".")):
                bad.append((node.lineno, f"import from private module {node.module}"))
            for alias in node.names:
                if _private(alias.name):
                    bad.append((node.lineno, f"import of private {node.module}.{alias.name}"))
                names.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _textual_module(alias.name):
                    if any(_private(part) for part in alias.name.split(".")):
                        bad.append((node.lineno, f"import of private module {alias.name}"))
                    names.add((alias.asname or alias.name).split(".")[0])
    return names, foreign, bad


def _root_name(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _is_super_call(node: ast.expr) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "super")


def _decorated_with_on(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for dec in fn.decorator_list:
        target = dec.func if isinstance(dec, ast.Call) else dec
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name == "on":
            return True
    return False


def _class_objects(module: str, tree: ast.Module) -> dict[ast.ClassDef, type]:
    """Each top-level or nested ClassDef of the module, with its real class."""
    mod = importlib.import_module(module)
    found: dict[ast.ClassDef, type] = {}

    def visit(body: list[ast.stmt], owner: object) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef):
                cls = getattr(owner, node.name, None)
                if isinstance(cls, type):
                    found[node] = cls
                    visit(node.body, cls)

    visit(tree.body, mod)
    return found


def check_module(path: Path, module: str, tree: ast.Module) -> list[Finding]:
    findings: list[Finding] = []
    rel = path.relative_to(PACKAGE.parent) if path.is_relative_to(PACKAGE.parent) else path

    def flag(node: ast.AST, what: str) -> None:
        findings.append(Finding(f"{rel}:{getattr(node, 'lineno', 0)}", what))

    imported, foreign, bad_imports = _textual_imports(tree)
    for lineno, what in bad_imports:
        findings.append(Finding(f"{rel}:{lineno}", what))
    subclassing = any(isinstance(n, ast.ClassDef) and n.bases for n in ast.walk(tree))
    classes = _class_objects(module, tree) if subclassing else {}
    ours = project_private_names()
    theirs = textual_private_names()
    checked: set[int] = set()

    for class_node, cls in classes.items():
        bases = [b for b in cls.__mro__ if _is_textual(b)]
        if not bases:
            continue
        defined = frozenset().union(*(textual_members(b) for b in bases))
        for item in class_node.body:
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and _private(item.name):
                if item.name in defined:
                    flag(item, f"{cls.__name__}.{item.name} overrides a private member of "
                               f"Textual's {_owner(bases, item.name)}")
                elif item.name.startswith(PRIVATE_HOOKS) and not _decorated_with_on(item):
                    flag(item, f"{cls.__name__}.{item.name} relies on Textual's private "
                               "handler/reactive naming (use the public name or @on)")
        for node in ast.walk(class_node):
            if not isinstance(node, ast.Attribute) or not _private(node.attr):
                continue
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                checked.add(id(node))
                if node.attr in defined:
                    flag(node, f"{node.value.id}.{node.attr}: a private member of Textual's "
                               f"{_owner(bases, node.attr)}")
            elif _is_super_call(node.value):
                checked.add(id(node))
                if node.attr in defined:
                    flag(node, f"super().{node.attr}: a private member of Textual's "
                               f"{_owner(bases, node.attr)}")

    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("getattr", "setattr", "hasattr") and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and isinstance(node.args[1].value, str)):
            name = node.args[1].value
            if _private(name) and name in theirs and name not in ours:
                flag(node, f"{node.func.id}(..., {name!r}): a private Textual member")
        if not isinstance(node, ast.Attribute) or not _private(node.attr) or id(node) in checked:
            continue
        root = _root_name(node.value)
        if root in imported and root not in ("self", "cls"):
            flag(node, f"{ast.unparse(node)}: a private member of a Textual name")
        elif (node.attr in theirs and node.attr not in ours and root not in foreign
              and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))):
            flag(node, f"{ast.unparse(node)}: {node.attr} is a private Textual member "
                       "(devhub defines no such name)")
    return findings


def _owner(bases: list[type], name: str) -> str:
    for base in bases:
        if name in textual_members(base):
            return f"{base.__module__}.{base.__qualname__}"
    return "?"


def all_findings() -> list[Finding]:
    findings: list[Finding] = []
    for path, module, tree in _modules():
        findings += check_module(path, module, tree)
    return findings


def test_devhub_uses_no_private_textual_member_outside_the_compat_module() -> None:
    findings = all_findings()
    assert not findings, "private Textual members used:\n" + "\n".join(map(str, findings))


# -- the checker itself: it finds each kind of use it is meant to find ----------
SAMPLE = '''
from textual import events, on
from textual.app import App
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable


class Table(DataTable):
    def _render_cell(self, *args):              # override of a private method
        return super()._render_cell(*args)      # super() call of it

    def fill(self):
        return self._row_locations              # reading Textual's attribute


class Shell(Screen):
    def _on_screen_resume(self, event):         # private handler of Screen
        pass

    def _watch_sub_title_text(self, value):     # private watcher naming convention
        pass

    @on(events.Key)
    def _on_any_key(self, event):               # ok: @on dispatches it
        pass


class Mine(Widget):
    def __init__(self):
        super().__init__()
        self._mine = 1                          # ok: our own

    def _helper(self):                          # ok: our own
        return self._mine


class Shell2(App):
    def setup(self, screen):
        screen._css_update_count = 0            # a Textual-only private name
        getattr(screen, "_compositor", None)    # the same, by its name
        return App._modes                       # private member of a Textual name
'''


def test_the_checker_finds_every_kind_of_private_use(tmp_path: Path,
                                                     monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sys

    pkg = tmp_path / "sample_pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "mod.py").write_text(SAMPLE)
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        found = check_module(pkg / "mod.py", "sample_pkg.mod", ast.parse(SAMPLE))
    finally:
        sys.modules.pop("sample_pkg.mod", None)
        sys.modules.pop("sample_pkg", None)
    lines = sorted(int(f.where.rsplit(":", 1)[1]) for f in found)
    text = "\n".join(map(str, found))
    source = SAMPLE.splitlines()
    expected = sorted(n for n, line in enumerate(source, 1)
                      if "#" in line and "# ok" not in line)
    assert lines == expected, text
    assert "_mine" not in text and "_helper" not in text
