"""The sizes of a request that `phoihop serve` reads, and its answer past them.

gunicorn reads a request line of up to LIMIT_REQUEST_LINE bytes and header fields of up
to LIMIT_REQUEST_FIELD_SIZE bytes each (its maximum and its default: 8190), at most
LIMIT_REQUEST_FIELDS of them. The API refuses an address over 4,000 bytes itself, with
414 in its error shape (core/api_guard.py), so a client of the API meets that answer
long before these limits. Past them gunicorn refuses the request before the
application sees it, and would answer with a page of HTML of its own; this worker
answers in the API's error shape instead ({"code", "message", "field"} in Vietnamese),
for any address: the request was never read far enough to know which it was.

nginx in front has limits of its own, and answers them itself: docs/deploy.md §6 sets
them to the same sizes and their answers to the same JSON."""

from __future__ import annotations

import json
from typing import Any

from gunicorn import util
from gunicorn.http.errors import LimitRequestHeaders, LimitRequestLine
from gunicorn.workers.sync import SyncWorker

LIMIT_REQUEST_LINE = 8190  # gunicorn's maximum (its default is 4094)
LIMIT_REQUEST_FIELD_SIZE = 8190  # gunicorn's default, said here so it is not left implied
LIMIT_REQUEST_FIELDS = 100  # gunicorn's default


def too_large_answer(exc: Exception) -> bytes | None:
    """The whole HTTP answer (head and JSON body) to a request past a size limit; None
    for any other error."""
    if isinstance(exc, LimitRequestLine):
        status, reason = 414, "URI Too Long"
        body = {
            "code": "uri.too_long",
            "message": f"Dòng yêu cầu (phương thức và địa chỉ) dài quá {LIMIT_REQUEST_LINE} "
            "byte, máy chủ không đọc.",
            "field": "query",
        }
    elif isinstance(exc, LimitRequestHeaders):
        status, reason = 431, "Request Header Fields Too Large"
        body = {
            "code": "headers.too_large",
            "message": f"Tiêu đề của yêu cầu quá lớn: mỗi tiêu đề dài tối đa "
            f"{LIMIT_REQUEST_FIELD_SIZE} byte, và có tối đa {LIMIT_REQUEST_FIELDS} tiêu đề.",
            "field": "headers",
        }
    else:
        return None
    content = json.dumps(body).encode("ascii")  # \u escapes: the head is latin-1
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/json; charset=utf-8\r\n"
        f"Content-Length: {len(content)}\r\n"
        "\r\n"
    )
    return head.encode("latin-1") + content


class ApiErrorSyncWorker(SyncWorker):  # type: ignore[misc]  # gunicorn has no types
    """gunicorn's synchronous worker, answering a request past its size limits in the
    API's error shape; every other error as gunicorn does."""

    def handle_error(self, req: Any, client: Any, addr: Any, exc: Exception) -> None:
        answer = too_large_answer(exc)
        if answer is None:
            super().handle_error(req, client, addr, exc)
            return
        address = addr[0] if addr else ""
        self.log.warning("Invalid request from ip=%s: %s", address, exc)
        try:
            util.write_nonblock(client, answer)
        except Exception:  # the client is gone: nothing to answer
            self.log.debug("Failed to send error message.")
