import pytest
from hypothesis import settings as hypothesis_settings

# No timed tests (speed is measured by `make bench`): Hypothesis's default 200 ms deadline
# per example is a timing assertion, and fails property tests when the shared cores are
# busy (one example took 327 ms on a loaded machine, 14 ms when run again).
hypothesis_settings.register_profile("no-deadline", deadline=None)
hypothesis_settings.load_profile("no-deadline")


@pytest.fixture(autouse=True)
def _quiet_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
