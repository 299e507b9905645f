"""Build hook: ship the top-level rules/, report_templates/ and schemas/ inside the wheel.

The repository keeps rules and templates at the top level (they are data that
reviewers read and edit, not Python code). A plain wheel would leave them behind,
so build_py copies them into ``portfolio_audit/_data/`` of the build tree;
``portfolio_audit.paths`` looks there when the source tree is not available.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA_DIRS = ("rules", "report_templates", "schemas")


class BuildWithData(build_py):
    def run(self):
        super().run()
        here = Path(__file__).resolve().parent
        target_root = Path(self.build_lib) / "portfolio_audit" / "_data"
        for name in DATA_DIRS:
            source = here / name
            if source.is_dir():
                target = target_root / name
                if target.exists():
                    shutil.rmtree(target)
                shutil.copytree(source, target)


setup(cmdclass={"build_py": BuildWithData})
