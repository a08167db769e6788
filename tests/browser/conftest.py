# The browser fixtures live in tests/browser_support.py and reach every test through
# tests/conftest.py; this file keeps older imports of tests.browser.conftest working.
from tests.browser_support import *  # noqa: F403
from tests.browser_support import totp_code  # noqa: F401
