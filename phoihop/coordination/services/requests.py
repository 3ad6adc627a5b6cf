"""Coordination requests between agencies, with their thread of messages."""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from phoihop.accounts.access import actor_for
from phoihop.agencies.models import Agency
from phoihop.audit.services import audit_record
from phoihop.cases.models import ParticipationRole
from phoihop.coordination.models import Request, RequestMessage
from phoihop.coordination.services.access import (
    RequestActions,
    case_for,
    join_case,
    request_actions,
    request_get_for,
    require_writer,
)
from phoihop.core.calendar_service import current_calendar
from phoihop.core.errors import StaleRecord
from phoihop.domain.coordination.requests import (
    RequestKind,
    RequestStatus,
    due_date_for,
    request_transition,
)
from phoihop.domain.errors import AccessDenied, DomainError, InvalidInput


def request_send(
    *,
    user: Any,
    case_id: int,
    kind: str,
    to_agency_id: int,
    subject: str,
    body: str = "",
    variant: str | None = None,
    agreed_due_on: dt.date | None = None,
    now: dt.datetime,
) -> Request:
    actor = actor_for(user)
    agency_id = require_writer(actor)
    today = timezone.localdate(now)
    with transaction.atomic():
        case = case_for(user, case_id)
        if not case.participations.filter(agency_id=agency_id, role="handling").exists():
            raise AccessDenied("Chỉ cơ quan tham gia giải quyết vụ án được gửi yêu cầu phối hợp.")
        recipient = Agency.objects.valid_on(today).filter(pk=to_agency_id).first()
        if recipient is None:
            raise InvalidInput("Cơ quan nhận không có trong danh mục.", field="to_agency")
        if recipient.pk == agency_id:
            raise InvalidInput("Không thể gửi yêu cầu cho chính cơ quan mình.", field="to_agency")
        try:
            request_kind = RequestKind(kind)
        except ValueError:
            raise InvalidInput("Loại yêu cầu không hợp lệ.", field="kind") from None
        due = due_date_for(
            request_kind,
            sent_on=today,
            calendar=current_calendar(),
            variant=variant or None,
            agreed_due_on=agreed_due_on,
        )
        request = Request.objects.create(
            case=case,
            kind=request_kind.value,
            variant=variant or "",
            from_agency_id=agency_id,
            to_agency=recipient,
            subject=subject.strip(),
            body=body.strip(),
            sent_on=today,
            due_on=due.due_on,
            due_basis=due.basis[:200],
            sent_by=user,
            moved_at=now,
        )
        join_case(case, recipient.pk, today, role=ParticipationRole.REQUESTED)
        audit_record(
            actor=user,
            action="request.sent",
            at=now,
            target=request,
            data={
                "case": case.pk,
                "kind": request.kind,
                "to": recipient.code,
                "due_on": str(request.due_on),
            },
        )
    return request


def _refusal(actions: RequestActions, request: Request, target: RequestStatus) -> DomainError:
    """Why a move outside the user's actions is refused: not a party to the request, or
    the domain's reason (not possible from this status, or the other party's move)."""
    if actions.party is None:
        return AccessDenied("Chỉ cơ quan gửi hoặc cơ quan nhận được xử lý yêu cầu này.")
    try:
        request_transition(RequestStatus(request.status), target, actions.party, reason="-")
    except DomainError as error:
        return error
    return AccessDenied("Tài khoản của bạn chỉ được xem, không được ghi.")


def _lock(request: Request, expected_version: int | None) -> Request:
    locked = Request.objects.select_for_update().get(pk=request.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleRecord(
            "Yêu cầu đã được người khác cập nhật sau khi bạn mở trang. Hãy tải lại trang.",
            field="version",
        )
    return locked


def request_move(
    *,
    user: Any,
    request_id: int,
    expected_version: int | None,
    to: str,
    reason: str = "",
    answer: str = "",
    now: dt.datetime,
) -> Request:
    """Move a request along: received, in progress, answered, declined, cancelled;
    only a move among the user's ``request_actions``."""
    actor = actor_for(user)
    require_writer(actor)
    with transaction.atomic():
        request = _lock(request_get_for(user, request_id), expected_version)
        try:
            target = RequestStatus(to)
        except ValueError:
            raise InvalidInput("Trạng thái không hợp lệ.", field="status") from None
        actions = request_actions(actor, request)
        if actions.party is None or target not in actions.moves:
            raise _refusal(actions, request, target)
        if target is RequestStatus.ANSWERED and not answer.strip():
            raise InvalidInput("Cần nhập nội dung trả lời.", field="answer")
        request_transition(RequestStatus(request.status), target, actions.party, reason=reason)
        before = request.status
        request.status = target.value
        request.moved_at = now
        if reason.strip():
            request.status_reason = reason.strip()
        if target is RequestStatus.ANSWERED:
            request.answer = answer.strip()
            request.answered_on = timezone.localdate(now)
        request.version += 1
        request.save()
        audit_record(
            actor=user,
            action="request.moved",
            at=now,
            target=request,
            data={"from": before, "to": target.value},
        )
    return request


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str) -> str:
    """An uploaded name reduced to ASCII letters, digits, dot, dash and underscore,
    never a path, never hidden; the original (sanitised) name is kept for display."""
    base = os.path.basename(name.replace("\\", "/"))
    folded = unicodedata.normalize("NFKD", base.replace("đ", "d").replace("Đ", "D"))
    ascii_name = folded.encode("ascii", "ignore").decode()
    cleaned = _UNSAFE.sub("_", ascii_name).strip("._") or "tep"
    return cleaned[:120]


def request_message_add(
    *, user: Any, request_id: int, text: str, upload: Any | None, now: dt.datetime
) -> RequestMessage:
    require_writer(actor_for(user))
    if not text.strip() and upload is None:
        raise InvalidInput("Cần nhập nội dung hoặc đính kèm tệp.", field="text")
    with transaction.atomic():
        request = request_get_for(user, request_id)
        if not request_actions(actor_for(user), request).may_write:
            raise AccessDenied("Chỉ cơ quan gửi hoặc cơ quan nhận được trao đổi về yêu cầu này.")
        message = RequestMessage(
            request=request, agency_id=user.agency_id, author=user, at=now, text=text.strip()
        )
        if upload is not None:
            extension = os.path.splitext(upload.name)[1].lower()
            if extension not in settings.PHOIHOP_ATTACHMENT_TYPES:
                allowed = ", ".join(sorted(settings.PHOIHOP_ATTACHMENT_TYPES))
                raise InvalidInput(
                    f"Loại tệp {extension or '(không có đuôi)'} không được phép; "
                    f"chỉ nhận: {allowed}.",
                    field="attachment",
                )
            if upload.size > settings.PHOIHOP_ATTACHMENT_MAX_BYTES:
                limit = settings.PHOIHOP_ATTACHMENT_MAX_BYTES // (1024 * 1024)
                raise InvalidInput(f"Tệp lớn hơn {limit} MB.", field="attachment")
            name = safe_filename(upload.name)
            message.attachment.save(name, upload, save=False)
            message.attachment_name = name
            message.attachment_size = upload.size
        message.save()
        audit_record(
            actor=user,
            action="request.message.added",
            at=now,
            target=request,
            data={"message": message.pk, "attachment": message.attachment_name},
        )
    return message
