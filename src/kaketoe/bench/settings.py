"""Settings for benchmark runs: the project's settings plus the bench app and a trivial page
(the framework floor).

`./kaketoe bench` runs `manage.py bench` with this module, and so do its measuring processes
and its gunicorn. Neither the app nor the trivial page is part of the real settings or URLconf.
"""

from kaketoe.settings import *  # noqa: F403
from kaketoe.settings import ALLOWED_HOSTS, INSTALLED_APPS, VAR_DIR

INSTALLED_APPS = [*INSTALLED_APPS, "kaketoe.bench"]

ROOT_URLCONF = "kaketoe.bench.urls"
# The in-process measurements use Django's test Client, which calls itself "testserver".
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
# Hashed static names as in production, collected apart from the real var/static.
STATIC_ROOT = VAR_DIR / "bench" / "static"
# Benchmark databases are thrown away: their audit checkpoints stay apart from the real ones.
KAKETOE_AUDIT_CHECKPOINT_FILE = VAR_DIR / "bench" / "audit-checkpoints.log"
