"""Which procedural decision a document is, from the words of its title.

Each official form names its decision in the title under the heading ("QUYẾT ĐỊNH /
KHỞI TỐ VỤ ÁN HÌNH SỰ", "LỆNH TẠM GIAM", "CÁO TRẠNG"). The cues below are those subject
words, folded and without spaces (so a title broken over lines or with a space lost
still matches); the longest cue found wins, so "phê chuẩn quyết định khởi tố bị can"
beats "khởi tố bị can" and "không khởi tố vụ án" beats "khởi tố vụ án".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from phoihop.domain.procedure.events import EventType

E = EventType


@dataclass(frozen=True)
class TypeCue:
    words: str  # folded, as printed; spaces are dropped when matching
    event_type: EventType

    @property
    def compact(self) -> str:
        return self.words.replace(" ", "")


# fmt: off
TITLE_CUES: tuple[TypeCue, ...] = (
    TypeCue("khoi to vu an hinh su", E.CASE_INITIATED),
    TypeCue("khoi to vu an", E.CASE_INITIATED),
    TypeCue("khong khoi to vu an hinh su", E.CASE_NOT_INITIATED),
    TypeCue("khong khoi to vu an", E.CASE_NOT_INITIATED),
    TypeCue("khoi to bi can", E.SUSPECT_CHARGED),
    TypeCue("phe chuan quyet dinh khoi to bi can", E.SUSPECT_CHARGING_APPROVED),
    TypeCue("huy bo quyet dinh khoi to bi can", E.SUSPECT_CHARGING_ANNULLED),
    TypeCue("thay doi quyet dinh khoi to bi can", E.CHARGES_CHANGED),
    TypeCue("bo sung quyet dinh khoi to bi can", E.CHARGES_CHANGED),
    TypeCue("thay doi quyet dinh khoi to vu an", E.CHARGES_CHANGED),
    TypeCue("nhap vu an", E.CASES_JOINED),
    TypeCue("tach vu an", E.CASE_SPLIT),
    TypeCue("chuyen vu an", E.CASE_TRANSFERRED),
    TypeCue("gia han thoi han dieu tra", E.INVESTIGATION_EXTENDED),
    TypeCue("gia han dieu tra", E.INVESTIGATION_EXTENDED),
    TypeCue("tam dinh chi dieu tra", E.INVESTIGATION_SUSPENDED),
    TypeCue("truy na", E.WANTED_NOTICE),
    TypeCue("phuc hoi dieu tra", E.INVESTIGATION_RESUMED),
    TypeCue("dinh chi dieu tra", E.INVESTIGATION_TERMINATED),
    TypeCue("ket luan dieu tra", E.INVESTIGATION_CONCLUDED),
    TypeCue("ket luan dieu tra bo sung", E.ADDITIONAL_INVESTIGATION_CONCLUDED),
    TypeCue("tra ho so de dieu tra bo sung", E.RETURNED_FOR_ADDITIONAL_INVESTIGATION),
    TypeCue("tra ho so vu an de dieu tra bo sung", E.RETURNED_FOR_ADDITIONAL_INVESTIGATION),
    TypeCue("yeu cau dieu tra bo sung", E.RETURNED_FOR_ADDITIONAL_INVESTIGATION),
    TypeCue("gia han thoi han truy to", E.PROSECUTION_EXTENDED),
    TypeCue("cao trang", E.INDICTED),
    TypeCue("quyet dinh truy to", E.INDICTED),
    TypeCue("tam dinh chi vu an", E.CASE_SUSPENDED),
    TypeCue("phuc hoi vu an", E.CASE_RESUMED),
    TypeCue("dinh chi vu an", E.CASE_TERMINATED),
    TypeCue("gia han thoi han chuan bi xet xu", E.TRIAL_PREPARATION_EXTENDED),
    TypeCue("dua vu an ra xet xu", E.TRIAL_SCHEDULED),
    TypeCue("dua vu an ra xet xu so tham", E.TRIAL_SCHEDULED),
    TypeCue("dua vu an ra xet xu phuc tham", E.APPELLATE_TRIAL_SCHEDULED),
    TypeCue("hoan phien toa", E.HEARING_POSTPONED),
    TypeCue("ban an hinh su so tham", E.FIRST_INSTANCE_JUDGMENT),
    TypeCue("ban an hinh su phuc tham", E.APPELLATE_JUDGMENT),
    TypeCue("thi hanh an phat tu", E.EXECUTION_DECIDED),
    TypeCue("lenh tam giu", E.CUSTODY_ORDERED),
    TypeCue("quyet dinh tam giu", E.CUSTODY_ORDERED),
    TypeCue("gia han tam giu", E.CUSTODY_EXTENDED),
    TypeCue("gia han thoi han tam giu", E.CUSTODY_EXTENDED),
    TypeCue("lenh tam giam", E.DETENTION_ORDERED),
    TypeCue("lenh bat bi can de tam giam", E.DETENTION_ORDERED),
    TypeCue("lenh bat bi cao de tam giam", E.DETENTION_ORDERED),
    TypeCue("quyet dinh tam giam", E.DETENTION_ORDERED),
    TypeCue("gia han tam giam", E.DETENTION_EXTENDED),
    TypeCue("gia han thoi han tam giam", E.DETENTION_EXTENDED),
    TypeCue("trung cau giam dinh", E.EXPERTISE_REQUESTED),
    TypeCue("yeu cau dinh gia tai san", E.VALUATION_REQUESTED),
)

# The symbol of a judgment's number says its instance where no title line does: the
# first-instance judgment is numbered ".../HS-ST", the appellate one ".../HS-PT".
NUMBER_CUES: Mapping[str, EventType] = MappingProxyType({
    "hs-st": E.FIRST_INSTANCE_JUDGMENT,
    "hsst": E.FIRST_INSTANCE_JUDGMENT,
    "hs-pt": E.APPELLATE_JUDGMENT,
    "hspt": E.APPELLATE_JUDGMENT,
})
# fmt: on


def _validate() -> None:
    seen: set[str] = set()
    for cue in TITLE_CUES:
        if cue.compact in seen:
            raise ValueError(f"two title cues read {cue.words!r}")
        seen.add(cue.compact)


_validate()


@dataclass(frozen=True)
class CueMatch:
    cue: TypeCue
    start: int  # in the compact text searched
    end: int
    ambiguous: bool  # another cue as long names another decision


def best_cue(compact: str) -> CueMatch | None:
    """The longest title cue found in ``compact`` (folded text without spaces)."""
    found: list[tuple[TypeCue, int]] = []
    for cue in TITLE_CUES:
        at = compact.find(cue.compact)
        if at >= 0:
            found.append((cue, at))
    if not found:
        return None
    longest = max(len(cue.compact) for cue, _ in found)
    best = [(cue, at) for cue, at in found if len(cue.compact) == longest]
    cue, at = min(best, key=lambda pair: pair[1])
    others = {c.event_type for c, _ in found if not _contains(cue, c)}
    return CueMatch(cue, at, at + len(cue.compact), ambiguous=bool(others - {cue.event_type}))


def _contains(outer: TypeCue, inner: TypeCue) -> bool:
    return inner.compact in outer.compact
