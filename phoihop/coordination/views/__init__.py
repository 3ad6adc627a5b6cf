"""Coordination pages, one module per topic. Views translate only: parse, one service
or selector call, errors → field messages and 4xx."""

from phoihop.coordination.views.directives import (
    directive_detail,
    directive_new,
    escalation_detail,
    task_report,
)
from phoihop.coordination.views.inbox import inbox
from phoihop.coordination.views.meetings import (
    agenda_conclude,
    meeting_close,
    meeting_context,
    meeting_detail,
    meeting_details,
    meeting_hold,
    meeting_list,
    meeting_new,
    position_record,
)
from phoihop.coordination.views.obstacles import obstacle_move, obstacle_new
from phoihop.coordination.views.plans import plan_target
from phoihop.coordination.views.requests import (
    request_attachment,
    request_detail,
    request_message,
    request_move,
    request_new,
)

__all__ = [
    "agenda_conclude",
    "directive_detail",
    "directive_new",
    "escalation_detail",
    "inbox",
    "meeting_close",
    "meeting_context",
    "meeting_detail",
    "meeting_details",
    "meeting_hold",
    "meeting_list",
    "meeting_new",
    "obstacle_move",
    "obstacle_new",
    "plan_target",
    "position_record",
    "request_attachment",
    "request_detail",
    "request_message",
    "request_move",
    "request_new",
    "task_report",
]
