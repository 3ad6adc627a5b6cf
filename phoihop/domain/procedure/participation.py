"""Which bodies take part in a case by law, beside the one that records a decision.

The procuracy supervises an investigating body's work from the crime report on: it
supervises the settlement of crime reports (BLTTHS Art. 159, 160), receives the decision
to initiate within 24 hours (Art. 154(2)) and, from then, approves or annuls the
charging of a suspect (Art. 179(4)) and decides every extension (Art. 172). So it
handles the case from the investigating body's first decision, not from a request
someone thinks to send. The court handles the case from the indictment, which the
procuracy delivers with the file (Art. 240).

The registry says which body that is: the procuracy of the same level and province as
the investigating body (a procuracy's own investigation body, under its parent); the
court of the same level and province as the indicting procuracy. Where the registry
names no single one (a province with several regional procuracies; the Supreme
Procuracy's indictments, tried by the provincial court where the crime was committed,
Art. 268), nobody is joined and the recording body names it by adding the agency.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from phoihop.domain.organisation import AgencyKind, AgencyLevel
from phoihop.domain.procedure.events import EventType


@dataclass(frozen=True)
class Body:
    """An agency of the registry, valid on the decision's date."""

    id: int
    kind: AgencyKind
    level: AgencyLevel
    province_id: int | None
    parent_id: int | None = None
    # The Supreme People's Procuracy or one of its own departments, acting for the
    # Procurator General (not a high-level or appellate procuracy under it).
    procurator_general: bool = False


def counterpart(body: Body, kind: AgencyKind, registry: Iterable[Body]) -> Body | None:
    """The body of ``kind`` that works beside ``body``: its parent when the parent is of
    that kind (the Supreme Procuracy's investigation body), else the only body of that
    kind at the same level and province that does not hang under another one there."""
    bodies = list(registry)
    by_id = {b.id: b for b in bodies}
    parent = by_id.get(body.parent_id) if body.parent_id is not None else None
    if parent is not None and parent.kind == kind:
        return parent
    if kind == AgencyKind.COURT and body.level == AgencyLevel.CENTRAL:
        return None  # the Supreme Court tries no case at first instance (Art. 268)
    peers = [
        b
        for b in bodies
        if b.kind == kind and b.level == body.level and b.province_id == body.province_id
    ]
    tops = [b for b in peers if not any(p.id == b.parent_id for p in peers)]
    return tops[0] if len(tops) == 1 else None


def bodies_joining(
    recorder: Body,
    event_type: EventType,
    handling_kinds: Iterable[AgencyKind],
    registry: Iterable[Body],
) -> list[Body]:
    """The bodies a decision brings into the case as handling agencies, beside the
    recorder: the supervising procuracy with an investigating body's decision, the court
    with the indictment; none when one of that kind already handles the case."""
    present = set(handling_kinds) | {recorder.kind}
    wanted: AgencyKind | None = None
    if recorder.kind == AgencyKind.INVESTIGATION:
        wanted = AgencyKind.PROCURACY
    elif recorder.kind == AgencyKind.PROCURACY and event_type == EventType.INDICTED:
        wanted = AgencyKind.COURT
    if wanted is None or wanted in present:
        return []
    found = counterpart(recorder, wanted, registry)
    return [found] if found is not None else []


PARAM_BY_PROCURATOR_GENERAL = "by_procurator_general"
_EXTENSIONS = frozenset({EventType.INVESTIGATION_EXTENDED, EventType.DETENTION_EXTENDED})


def implied_params(event_type: EventType, recorder: Body) -> dict[str, str | bool]:
    """What the recording body's place in the registry says about the decision, where the
    user stated nothing: an appeal accepted by a central court (a High Court before July
    2025, the Supreme Court after it) runs on 346's longer periods (75/90 days), one
    accepted by a provincial court on the provincial ones (45/60 days); an extension
    granted by the Supreme Procuracy is the Procurator General's, the only one who may
    grant the exceptional ones (172(3), 173(5)-(6))."""
    if event_type is EventType.APPEAL_ACCEPTED and recorder.kind == AgencyKind.COURT:
        central = recorder.level == AgencyLevel.CENTRAL
        return {"variant": "SUPREME" if central else "PROVINCIAL"}
    if event_type in _EXTENSIONS and recorder.procurator_general:
        return {PARAM_BY_PROCURATOR_GENERAL: True}
    return {}
