"""Every audit action has a dotted name registered here with its label."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "case.created": _("Case created"),
    "case.edited": _("Case edited"),
    "case.viewed": _("Classified case viewed"),
    "cases.exported": _("Case list exported"),
    "cases.imported": _("Cases imported from a file"),
    "case.reference.recorded": _("Agency case number recorded"),
    "report.issued": _("Periodic report issued"),
    "case.event.recorded": _("Procedural decision recorded"),
    "case.person.added": _("Person added"),
    "case.asset.recorded": _("Asset action recorded"),
    "user.created": _("User created"),
    "user.edited": _("User edited"),
    "registry.loaded": _("Agency registry loaded"),
    "demo.loaded": _("Demo data loaded"),
    "request.sent": _("Coordination request sent"),
    "request.moved": _("Coordination request status changed"),
    "request.message.added": _("Message added to a request"),
    "obstacle.raised": _("Obstacle raised"),
    "obstacle.moved": _("Obstacle status changed"),
    "meeting.created": _("Inter-agency meeting called"),
    "meeting.position.recorded": _("Agency position recorded"),
    "meeting.outcome.recorded": _("Meeting outcome recorded"),
    "meeting.escalated": _("Disagreement escalated"),
    "meeting.closed": _("Meeting closed"),
    "meeting.minutes.issued": _("Meeting minutes issued"),
    "directive.issued": _("Directive issued"),
    "task.reported": _("Task progress reported"),
    "plan.target.set": _("Plan target set"),
    "followup.swept": _("Follow-up sweep run"),
    "followup.letter.issued": _("Follow-up letter issued"),
    "calendar.changed": _("Rest-day calendar changed"),
    "token.created": _("API token created"),
    "backup.created": _("Database backed up"),
    "backup.restored": _("Database restored from a backup"),
}
