"""The steps of building the demo, and what a user reads when one fails: the step's
name and the reason, in Vietnamese, never a traceback (``demo-data`` turns the failure
into a command error; ``--traceback`` still shows the cause)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ObjectDoesNotExist
from django.db import DatabaseError, IntegrityError

from phoihop.domain.errors import DomainError

REGISTRY = "nạp danh mục cơ quan"
ACCOUNTS = "tạo tài khoản mẫu"
CASES = "tạo vụ án mẫu"
COORDINATION = "phối hợp liên ngành"
REQUESTS = "gửi yêu cầu phối hợp, nêu vướng mắc và đặt kế hoạch"
MEETING = "họp liên ngành"
DIRECTIVE = "ghi nhận ý kiến chỉ đạo"
PUBLICITY = "công bố thông tin"


class DemoStepFailed(Exception):
    """One step of the demo could not be taken; its writes were rolled back."""

    def __init__(self, step: str, reason: str) -> None:
        super().__init__(f"Không tạo được dữ liệu mẫu ở bước «{step}»: {reason}")
        self.step = step
        self.reason = reason


def _reason(error: Exception) -> str:
    said = " ".join(str(error).split())  # a database's message runs over several lines
    if isinstance(error, DomainError):
        return error.message  # the product's own words for its refusal
    if isinstance(error, IntegrityError):
        return (
            "cơ sở dữ liệu từ chối ghi vì trùng hoặc trái ràng buộc với dữ liệu đã có "
            f"({said}). Nếu dữ liệu mẫu đã được nạp, hãy chạy lại với --if-empty."
        )
    if isinstance(error, DatabaseError):
        return f"lỗi cơ sở dữ liệu ({said})."
    if isinstance(error, ObjectDoesNotExist):
        return f"thiếu dữ liệu cần cho bước này ({said})."
    return f"lỗi không lường trước ({type(error).__name__}: {said})."


@contextmanager
def demo_step(step: str) -> Iterator[None]:
    """Run one step; any failure becomes ``DemoStepFailed`` naming it, and leaves the
    step's transaction, which rolls back what the step wrote."""
    try:
        yield
    except DemoStepFailed:
        raise
    except Exception as error:
        raise DemoStepFailed(step, _reason(error)) from error
