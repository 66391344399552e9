"""The production settings, as deployed, with one page more: a bare view that returns a page of a
given size from memory, to measure the limit of the stack. Used only by the benchmark, against
its own database; the values come from the environment the benchmark sets (see bench.run)."""

from portal.settings.production import *  # noqa: F403
from portal.settings.production import VAR_DIR

ROOT_URLCONF = "bench.urls"
# Built by the benchmark with collectstatic, outside the developer's own folders.
STATIC_ROOT = VAR_DIR / "bench" / "static"
