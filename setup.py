"""Ship the app's data inside the package: ``resources/`` (labels, icon, .desktop entry) and the
sample ``corpus/`` are copied into the wheel as ``app/resources`` and ``app/corpus`` (the
checkout keeps them at the top, where ``make run``, the docs and the tests use them). All other
metadata is in ``pyproject.toml``; ``tests/test_wheel.py`` installs a built wheel and uses them.
"""

from __future__ import annotations

import os

from setuptools import setup
from setuptools.command.build_py import build_py

DATA_DIRS = ("resources", "corpus")


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        here = os.path.dirname(os.path.abspath(__file__))
        for name in DATA_DIRS:
            self.copy_tree(os.path.join(here, name), os.path.join(self.build_lib, "app", name))


setup(cmdclass={"build_py": BuildWithData})
