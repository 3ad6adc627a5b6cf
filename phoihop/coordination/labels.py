"""User-facing labels of the coordination moves (translated through gettext)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from phoihop.domain.coordination.requests import RequestStatus

# A button names the action it takes, never the status it leads to ("Hủy yêu cầu", not
# "Đã hủy").
REQUEST_MOVE_LABELS = {
    RequestStatus.RECEIVED: _("Acknowledge receipt"),
    RequestStatus.IN_PROGRESS: _("Start work on it"),
    RequestStatus.ANSWERED: _("Send the answer"),
    RequestStatus.DECLINED: _("Decline the request"),
    RequestStatus.CANCELLED: _("Cancel the request"),
}
