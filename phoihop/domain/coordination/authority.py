"""The competent authority a disagreement goes up to (xin ý kiến cấp có thẩm quyền).

The Steering Committee on prevention and combat of corruption, waste and negativity
directs the cases it monitors; its standing body is the Internal Affairs Commission
(LEGAL.md §5). A case monitored centrally goes to the central Committee; any other case
to the Committee of its province, which also decides what enters its own list.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from phoihop.domain.errors import InvalidInput
from phoihop.domain.organisation import AgencyKind, AgencyLevel


class CaseMonitoring(StrEnum):
    """The values of a case's monitoring level (cases.Monitoring)."""

    NONE = "none"
    PROVINCIAL = "provincial"
    CENTRAL = "central"


@dataclass(frozen=True)
class AuthorityRef:
    """The Steering Committee of one level (and province), with its standing body."""

    level: AgencyLevel
    province_id: int | None
    kind: AgencyKind = AgencyKind.STEERING
    standing_body_kind: AgencyKind = AgencyKind.INTERNAL_AFFAIRS

    @property
    def label(self) -> str:
        if self.level is AgencyLevel.CENTRAL:
            return (
                "Ban Chỉ đạo Trung ương về phòng, chống tham nhũng, lãng phí, tiêu cực "
                "(cơ quan thường trực: Ban Nội chính Trung ương)"
            )
        return (
            "Ban Chỉ đạo cấp tỉnh về phòng, chống tham nhũng, lãng phí, tiêu cực "
            "(cơ quan thường trực: Ban Nội chính Tỉnh ủy, Thành ủy)"
        )

    def includes(
        self,
        agency_kind: AgencyKind | None,
        agency_level: AgencyLevel | None,
        province_id: int | None,
    ) -> bool:
        """Whether an agency is this authority or its standing body."""
        if agency_kind not in (self.kind, self.standing_body_kind) or agency_level != self.level:
            return False
        return self.level is AgencyLevel.CENTRAL or province_id == self.province_id


def authority_for(case_monitoring: str, province_id: int | None) -> AuthorityRef:
    """The authority competent for a case: central when the central Committee monitors
    it, otherwise the Committee of the case's province."""
    try:
        monitoring = CaseMonitoring(case_monitoring)
    except ValueError:
        choices = ", ".join(m.value for m in CaseMonitoring)
        raise InvalidInput(
            f"Mức theo dõi '{case_monitoring}' không hợp lệ; các giá trị: {choices}.",
            field="monitoring",
        ) from None
    if monitoring is CaseMonitoring.CENTRAL:
        return AuthorityRef(AgencyLevel.CENTRAL, None)
    if province_id is None:
        raise InvalidInput(
            "Cần tỉnh, thành phố của vụ án để xác định Ban Chỉ đạo cấp tỉnh có thẩm quyền.",
            field="province_id",
        )
    return AuthorityRef(AgencyLevel.PROVINCIAL, province_id)
