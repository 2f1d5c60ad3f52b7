[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "polku-$name"
version = "0.1.0"
description = "$title: a plugin for the Polku portal"
requires-python = ">=3.11"
dependencies = ["polku"]

[project.optional-dependencies]
test = ["pytest>=8"]

# The portal finds the plugin through this entry point; the name is the plugin's name.
[project.entry-points."portal.plugins"]
$name = "$name"

[tool.setuptools.packages.find]
include = ["$name", "$name.*"]

# Templates, catalogs and migrations ship inside the package.
[tool.setuptools.package-data]
$name = ["templates/**/*", "translations/*/LC_MESSAGES/*", "migrations/*.py"]

[tool.pytest.ini_options]
testpaths = ["tests"]
pythonpath = ["."]

[tool.ruff]
line-length = 100
target-version = "py311"

[tool.ruff.lint]
select = ["E", "F", "W", "I", "B", "UP", "S", "SIM", "RUF"]

[tool.ruff.lint.per-file-ignores]
"tests/**" = ["S101", "S105"]
