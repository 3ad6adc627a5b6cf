"""Every audit action has a dotted name registered here with its label."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "case.created": _("Case created"),
    "case.edited": _("Case edited"),
    "case.viewed": _("Classified case viewed"),
    "case.event.recorded": _("Procedural decision recorded"),
    "case.person.added": _("Person added"),
    "case.asset.recorded": _("Asset action recorded"),
    "user.created": _("User created"),
    "user.edited": _("User edited"),
    "registry.loaded": _("Agency registry loaded"),
    "demo.loaded": _("Demo data loaded"),
}
