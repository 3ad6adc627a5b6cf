"""The bodies of the internal-affairs bloc, as the rules see them."""

from __future__ import annotations

from enum import StrEnum


class AgencyKind(StrEnum):
    STEERING = "steering"  # Ban Chỉ đạo về PCTN, LP, TC
    INTERNAL_AFFAIRS = "internal_affairs"  # Ban Nội chính
    INVESTIGATION = "investigation"  # Cơ quan điều tra
    PROCURACY = "procuracy"  # Viện kiểm sát nhân dân
    COURT = "court"  # Tòa án nhân dân
    INSPECTION = "inspection"  # Ủy ban Kiểm tra, Thanh tra
    EXPERTISE = "expertise"  # tổ chức giám định tư pháp
    VALUATION = "valuation"  # Hội đồng định giá tài sản
    ENFORCEMENT = "enforcement"  # Cơ quan thi hành án dân sự


class AgencyLevel(StrEnum):
    CENTRAL = "central"
    PROVINCIAL = "provincial"
    REGIONAL = "regional"


# Bodies that oversee cases rather than handle them: they see every case of their
# province (central ones: of the country) and record no procedural decision.
OVERSIGHT_KINDS = frozenset({AgencyKind.STEERING, AgencyKind.INTERNAL_AFFAIRS})


class Role(StrEnum):
    VIEWER = "viewer"
    OFFICER = "officer"
    LEADER = "leader"
    COORDINATOR = "coordinator"
    ADMIN = "admin"
    PRESS = "press"  # cán bộ thông tin, báo chí: drafts public information
