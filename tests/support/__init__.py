"""Helpers shared by the tests (fixtures live in tests/conftest.py, helpers here).

- ``paths``: the repository, the fixture knowledge base and its locales
- ``services``: where PostgreSQL and Redis are for the tests, and a clear failure when they are not
- ``browser``: a live server, a customer site and Chromium (imported only by browser tests)
- ``servers``: real ``askdesk serve`` processes and HTTP callers
- ``receivers``: a webhook receiver that fails as told
- ``editor_traffic``: simulated and live conversations for the editor dashboard
- ``delivery``: tickets and settings for the delivery tests
"""
