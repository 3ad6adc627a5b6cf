"""The matrix's figures (routes covered, requests made, leaks found) in pytest's own
summary, where a run without -s still shows them."""

from __future__ import annotations

from typing import Any


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: Any) -> None:
    from tests.integration.security.test_authorization_matrix import SUMMARY

    lines = config.stash.get(SUMMARY, [])
    if lines:
        terminalreporter.section("authorization matrix")
        for line in lines:
            terminalreporter.write_line(line)
