"""The example site's production settings (``example_site.settings_production``) as the tests start them in a
subprocess: a secret key and host of the tests', and, unless a test asks for the documented environment
(``test_deploy_settings``), plain HTTP on loopback, so no redirect to HTTPS. Pages render only once the static
files are collected (the manifest storage names each file by its hash): :func:`collect_static`."""

import subprocess
import sys
from pathlib import Path

from bench.harness import production_env  # noqa: F401  (what the tests import from here)

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def collect_static(env):
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env,
                   check=True)
