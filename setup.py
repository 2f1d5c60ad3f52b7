"""The two build steps pyproject.toml cannot declare (metadata lives there).

1. The repository keeps ``templates/``, ``static/`` and ``migrations/`` at the top level; in
   the wheel they become ``portal/templates``, ``portal/static`` and ``portal/migrations``,
   where ``portal.app.resources`` finds them.
2. Compiled catalogs (``.mo``) are not in git: they are compiled from the ``.po`` files into
   the build, so ``pip install .`` from a fresh clone serves translated pages.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from babel.messages.pofile import read_po
from setuptools import find_namespace_packages, setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).parent


def _catalog_review():
    """portal/app/catalog_review.py on its own (it needs only Babel, the portal is not
    importable while it is being built): compiles keeping the review status."""
    spec = importlib.util.spec_from_file_location(
        "catalog_review", HERE / "portal" / "app" / "catalog_review.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: Top-level folders of the repository and the package they become in the wheel.
MAPPED = {
    "portal.templates": "templates",
    "portal.static": "static",
    "portal.migrations": "migrations",
}
#: Trees that hold ``translations/<locale>/LC_MESSAGES/*.po``.
CATALOG_TREES = ("portal", "plugins")


def catalogs() -> list[Path]:
    """Every translation catalog of the core and the built-in plugins, relative to HERE."""
    return sorted(
        po.relative_to(HERE)
        for tree in CATALOG_TREES
        for po in (HERE / tree).glob("**/translations/*/LC_MESSAGES/*.po")
    )


class BuildWithCatalogs(build_py):
    """build_py that also writes each catalog's ``.mo`` next to where its ``.po`` would be."""

    def run(self) -> None:
        super().run()
        review = _catalog_review()
        for po in catalogs():
            target = Path(self.build_lib) / po.with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            with (HERE / po).open("rb") as source:
                catalog = read_po(source)
            with target.open("wb") as out:
                review.write_mo_keeping_review(out, catalog, HERE / po)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        compiled = [str(Path(self.build_lib) / po.with_suffix(".mo")) for po in catalogs()]
        return [*super().get_outputs(include_bytecode), *compiled]


#: Data files shipped from every package folder: templates, code lists and other data,
#: migration scaffolding, and text templates (``*.tpl``, ``*.py-tpl``) such as scaffolds.
DATA_FILES = ["*.html", "*.json", "*.txt", "*.ini", "*.mako", "README", "*.tpl", "*.py-tpl"]


def packages() -> list[str]:
    """Every folder is a package to setuptools, data folders included (namespace discovery);
    the mapped top-level folders join under their package names."""
    found = find_namespace_packages(
        include=["portal", "portal.*", "plugins", "plugins.*"], exclude=["*.__pycache__"]
    )
    for package, folder in MAPPED.items():
        subpackages = find_namespace_packages(where=folder, exclude=["*__pycache__"])
        found += [package, *(f"{package}.{sub}" for sub in subpackages)]
    return found


PACKAGES = packages()

setup(
    packages=PACKAGES,
    package_dir=MAPPED,
    include_package_data=False,  # exactly package_data: no .po sources or READMEs in the wheel
    # Static files are served whatever their type; elsewhere only the data types above.
    package_data={
        "": DATA_FILES,
        **{p: ["*"] for p in PACKAGES if p.split(".")[:2] == ["portal", "static"]},
    },
    cmdclass={"build_py": BuildWithCatalogs},
)
