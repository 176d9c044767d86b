"""`vinny.dev_replica`: the replica for `vinny demo` and `vinny replica serve`, found from a
checkout even when the checkout is not on the path, and refused clearly without one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from tests.e2e import ROOT

# Loads `vinny` from a checkout without putting the checkout on the path, as the editable
# install's console script does.
LOAD_FROM_CHECKOUT = """
import importlib.util, sys
init = sys.argv[1]
spec = importlib.util.spec_from_file_location("vinny", init + "/__init__.py",
                                              submodule_search_locations=[init])
module = importlib.util.module_from_spec(spec)
sys.modules["vinny"] = module
spec.loader.exec_module(module)
from vinny.dev_replica import load_catalog
print(len(load_catalog()["events"]) > 0)
"""


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def test_a_checkout_serves_its_replica_when_it_is_not_on_the_path(tmp_path):
    ran = subprocess.run([sys.executable, "-P", "-c", LOAD_FROM_CHECKOUT, str(ROOT / "vinny")],
                         cwd=tmp_path, env=clean_env(), capture_output=True, text=True,
                         timeout=60)
    assert (ran.returncode, ran.stdout.strip()) == (0, "True"), ran.stderr[-2000:]


def test_an_install_without_the_replica_says_it_is_only_in_a_checkout(tmp_path):
    package = tmp_path / "vinny"
    package.mkdir()
    for name in ("__init__.py", "dev_replica.py"):
        shutil.copy(ROOT / "vinny" / name, package / name)
    ran = subprocess.run([sys.executable, "-S", "-c", "import vinny.dev_replica"], cwd=tmp_path,
                         env=clean_env(), capture_output=True, text=True, timeout=60)
    assert (ran.returncode, "only in a checkout" in ran.stderr) == (1, True), ran.stderr[-2000:]
