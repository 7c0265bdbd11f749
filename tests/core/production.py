"""The example site's production settings (``example_site.settings_production``) as the tests start them in a
subprocess: a secret key and host of the tests', and, unless a test asks for the documented environment
(``test_deploy_settings``), plain HTTP on loopback, so no redirect to HTTPS. Pages render only once the static
files are collected (the manifest storage names each file by its hash): :func:`collect_static`."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# 50 characters or more, not all alike: what `check --deploy` asks of a secret key.
SECRET_KEY = "tests-production-secret-key-not-secret-5f0c9a27d1e84b36"


def production_env(static_root=None, **environ):
    """The environment of a process on the production settings; ``environ`` adds or overrides variables."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "example_site.settings_production",
           "PYTHONPATH": str(BASE_DIR), "DJANGO_SECRET_KEY": SECRET_KEY, "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
           "DJANGO_SECURE_SSL_REDIRECT": "0"}
    # DJANGO_ALLOW_ASYNC_UNSAFE: the browser tests' switch (Playwright), which `check --deploy` refuses.
    for name in ("DJANGO_DEBUG", "DJANGO_INSECURE_COOKIES", "DJANGO_STATIC_ROOT", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    if static_root is not None:
        env["DJANGO_STATIC_ROOT"] = str(static_root)
    return {**env, **environ}


def collect_static(env):
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env,
                   check=True)
