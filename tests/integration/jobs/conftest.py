"""What the job tests share: a var/ folder of their own, a threshold of ten rows so that
small files go to the worker, and the provincial police officer who imports them."""

import pytest

from tests.signin import sign_in


@pytest.fixture(autouse=True)
def small_threshold(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    settings.PHOIHOP_IMPORT_INLINE_ROWS = 10


@pytest.fixture
def officer(client, demo_users):  # type: ignore[no-untyped-def]
    sign_in(client, demo_users["dieutra.ag"])
    return demo_users["dieutra.ag"]
