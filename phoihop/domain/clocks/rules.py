"""What a statutory clock is made of: its legal basis, lengths, extensions and the
counting rule of BLTTHS Art.134 it follows (LEGAL.md §1.12, Appendix A)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from phoihop.domain.crimes import CrimeCategory
from phoihop.domain.errors import InvalidInput

LAW_NAMES: Mapping[str, str] = {
    "BLTTHS-2015": "BLTTHS 2015",
    "GDTP-2012": "Luật Giám định tư pháp 2012",
    "THADS-2008": "Luật Thi hành án dân sự 2008",
}


@dataclass(frozen=True)
class LegalBasis:
    code: str
    article: int
    clause: int | None = None
    point: str | None = None
    article_suffix: str = ""  # "26a" in the Law on Judicial Expertise

    @cached_property  # read into every step and message; the basis never changes
    def label(self) -> str:
        text = f"{LAW_NAMES.get(self.code, self.code)}, Điều {self.article}{self.article_suffix}"
        if self.clause is not None:
            text += f" khoản {self.clause}"
        if self.point is not None:
            text += f" điểm {self.point}"
        return text


class Unit(StrEnum):
    HOURS = "hours"
    DAYS = "days"
    MONTHS = "months"
    WORKING_DAYS = "working_days"


_UNIT_LABELS = {
    Unit.HOURS: "giờ",
    Unit.DAYS: "ngày",
    Unit.MONTHS: "tháng",
    Unit.WORKING_DAYS: "ngày làm việc",
}


@dataclass(frozen=True)
class Duration:
    amount: int
    unit: Unit

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount <= 0:
            raise InvalidInput(
                f"Độ dài thời hạn phải là số nguyên dương, nhận được {self.amount!r}.",
                code="clock.duration.invalid",
                field="amount",
            )

    @cached_property
    def label(self) -> str:
        return f"{self.amount} {_UNIT_LABELS[self.unit]}"


def hours(amount: int) -> Duration:
    return Duration(amount, Unit.HOURS)


def days(amount: int) -> Duration:
    return Duration(amount, Unit.DAYS)


def months(amount: int) -> Duration:
    return Duration(amount, Unit.MONTHS)


def working_days(amount: int) -> Duration:
    return Duration(amount, Unit.WORKING_DAYS)


class CountingMode(StrEnum):
    """How a clock counts (BLTTHS Art.134 as LEGAL.md §1.12 turns it into algorithms)."""

    HOURS = "HOURS"  # R1, to the hour, no roll
    PROCEDURAL_DAYS = "PROCEDURAL_DAYS"  # R2, start day excluded, roll forward
    PROCEDURAL_MONTHS = "PROCEDURAL_MONTHS"  # R3, same day-number, clamp, roll forward
    DETENTION = "DETENTION"  # R4/R5, start day included, month = 30 days, no roll
    WORKING_DAYS = "WORKING_DAYS"  # R8, only working days counted


# Units a clock of each counting mode may be written in; a procedural clock mixes
# days and months (277(1): 30 days for ITN, 2 months for RNT) and switches R2/R3.
UNITS_BY_MODE: Mapping[CountingMode, frozenset[Unit]] = {
    CountingMode.HOURS: frozenset({Unit.DAYS, Unit.HOURS}),
    CountingMode.PROCEDURAL_DAYS: frozenset({Unit.DAYS, Unit.MONTHS}),
    CountingMode.PROCEDURAL_MONTHS: frozenset({Unit.DAYS, Unit.MONTHS}),
    CountingMode.DETENTION: frozenset({Unit.DAYS, Unit.MONTHS}),
    CountingMode.WORKING_DAYS: frozenset({Unit.WORKING_DAYS}),
}


class Confidence(StrEnum):
    """LEGAL.md §0 tags."""

    CONFIRMED = "CONFIRMED"
    SECONDARY = "SECONDARY"
    UNCONFIRMED = "UNCONFIRMED"
    CONVENTION = "CONVENTION"


class Convention(StrEnum):
    """LEGAL.md Appendix A: rules we fixed where the law is silent or ambiguous."""

    TAM_GIU_HOURS = "TAM_GIU_HOURS"  # R1
    DAYS_EXCLUSIVE_ROLL = "DAYS_EXCLUSIVE_ROLL"  # R2
    MONTHS_CORRESPONDING_CLAMP_ROLL = "MONTHS_CORRESPONDING_CLAMP_ROLL"  # R3
    DETENTION_INCLUSIVE_30D_NOROLL = "DETENTION_INCLUSIVE_30D_NOROLL"  # R4
    DETENTION_EXT_STARTS_NEXT_DAY = "DETENTION_EXT_STARTS_NEXT_DAY"  # R5
    EXT_CHAIN_FROM_NOMINAL_END = "EXT_CHAIN_FROM_NOMINAL_END"  # R6
    WORKING_DAYS_EXCLUSIVE = "WORKING_DAYS_EXCLUSIVE"  # R8
    BACKWARD_FROM_NOMINAL_END = "BACKWARD_FROM_NOMINAL_END"  # R9
    BACKWARD_PREV_WORKDAY = "BACKWARD_PREV_WORKDAY"  # R9
    RECATEGORISE_FROM_ORIGINAL_START = "RECATEGORISE_FROM_ORIGINAL_START"  # R10
    EFFECTIVE_DAY_AFTER_LAST_PROTEST_DAY = "EFFECTIVE_DAY_AFTER_LAST_PROTEST_DAY"  # R11
    RESUMPTION_STARTS_FRESH_PERIOD = "RESUMPTION_STARTS_FRESH_PERIOD"  # R12
    OFFICIAL_WORKING_CALENDAR = "OFFICIAL_WORKING_CALENDAR"  # §4
    # Proposed here, not yet in LEGAL.md Appendix A: GĐTP Art.26a(4) allows an
    # extension of "half the maximum"; half of 3 months is read as 45 days.
    HALF_MAXIMUM_AS_DAYS = "HALF_MAXIMUM_AS_DAYS"


@dataclass(frozen=True)
class ConventionText:
    citation: str
    # Shown to the user as "Lưu ý: quy tắc quy ước …" whenever LEGAL.md calls the
    # rule a CONVENTION (the law does not say it in words); None when confirmed.
    caveat: str | None
    confidence: Confidence = Confidence.CONVENTION


CONVENTION_TEXTS: Mapping[Convention, ConventionText] = {
    Convention.TAM_GIU_HOURS: ConventionText("BLTTHS Điều 134; TTLT 04/2018 Điều 17", None),
    Convention.DAYS_EXCLUSIVE_ROLL: ConventionText(
        "BLTTHS Điều 134; BLDS Điều 147, 148",
        "không tính ngày xảy ra sự kiện bắt đầu và ngày cuối trùng ngày nghỉ thì chuyển sang "
        "ngày làm việc tiếp theo, theo BLDS 2015 Điều 147–148 vì BLTTHS không nói rõ.",
    ),
    Convention.MONTHS_CORRESPONDING_CLAMP_ROLL: ConventionText("BLTTHS Điều 134", None),
    Convention.DETENTION_INCLUSIVE_30D_NOROLL: ConventionText(
        "BLTTHS Điều 134; TTLT 04/2018 Điều 17", None
    ),
    Convention.DETENTION_EXT_STARTS_NEXT_DAY: ConventionText("TTLT 04/2018 Điều 19 khoản 1", None),
    Convention.EXT_CHAIN_FROM_NOMINAL_END: ConventionText(
        "TTLT 01/2017 Điều 11 khoản 2",
        "mỗi lần gia hạn được cộng tiếp từ ngày hết hạn danh nghĩa (chưa lùi qua ngày nghỉ) "
        "của thời hạn trước; nếu quyết định gia hạn ghi ngày sớm hơn thì theo quyết định.",
    ),
    Convention.WORKING_DAYS_EXCLUSIVE: ConventionText(
        "Luật THADS Điều 36",
        "thời hạn tính bằng ngày làm việc chỉ đếm ngày làm việc, không tính ngày bắt đầu.",
    ),
    Convention.BACKWARD_FROM_NOMINAL_END: ConventionText(
        "BLTTHS Điều 147, 172, 173",
        "hạn đề nghị gia hạn lùi N ngày tính từ ngày hết hạn danh nghĩa.",
    ),
    Convention.BACKWARD_PREV_WORKDAY: ConventionText(
        "chính sách của hệ thống",
        "nếu ngày đó là ngày nghỉ thì lùi về ngày làm việc liền trước (pháp luật không quy "
        "định việc chuyển ngày cho thời hạn tính lùi).",
    ),
    Convention.RECATEGORISE_FROM_ORIGINAL_START: ConventionText(
        "TTLT 04/2018 Điều 14",
        "khi thay đổi loại tội, thời hạn được tính lại từ ngày bắt đầu ban đầu theo bảng "
        "của loại tội mới (tương đương thời hạn mới trừ thời gian đã dùng).",
    ),
    Convention.EFFECTIVE_DAY_AFTER_LAST_PROTEST_DAY: ConventionText(
        "BLTTHS Điều 343",
        "bản án có hiệu lực vào ngày sau ngày cuối của thời hạn kháng cáo, kháng nghị dài "
        "nhất (Viện kiểm sát cấp trên 30 ngày); cách đọc khác (có hiệu lực ngay ngày cuối) "
        "làm hạn sớm hơn một ngày.",
    ),
    Convention.RESUMPTION_STARTS_FRESH_PERIOD: ConventionText(
        "BLTTHS Điều 149, 174 khoản 1, 249, 277 khoản 2",
        "phục hồi mở một thời hạn mới tính từ quyết định phục hồi, không cộng phần còn lại.",
    ),
    Convention.OFFICIAL_WORKING_CALENDAR: ConventionText(
        "Bộ luật Lao động Điều 111–112; thông báo nghỉ lễ hằng năm",
        "ngày nghỉ là ngày cơ quan nhà nước không làm việc theo lịch chính thức; thứ Bảy "
        "làm bù được coi là ngày làm việc.",
        Confidence.UNCONFIRMED,
    ),
    Convention.HALF_MAXIMUM_AS_DAYS: ConventionText(
        "Luật Giám định tư pháp Điều 26a khoản 4",
        "gia hạn tối đa bằng một nửa thời hạn tối đa; nửa của 3 tháng được quy ước là 45 "
        "ngày (quy ước của hệ thống, chưa được xác nhận).",
    ),
}


# Who alone grants the exceptional extensions (172(3), 173(5)-(6)); an extension step
# naming this grantor is counted only from a decision of the Supreme Procuracy.
PROCURATOR_GENERAL = "Viện trưởng Viện kiểm sát nhân dân tối cao"


class Scope(StrEnum):
    """Which cases an extension step is open to (172(3) and 173(5)–(6))."""

    ALL = "all"
    NATIONAL_SECURITY_ONLY = "national_security_only"
    ORDINARY_ONLY = "ordinary_only"

    def admits(self, national_security: bool) -> bool:
        if self is Scope.NATIONAL_SECURITY_ONLY:
            return national_security
        if self is Scope.ORDINARY_ONLY:
            return not national_security
        return True


class StartRule(StrEnum):
    EVENT_DAY = "event_day"
    # R11: the start event is the pronouncement; the clock runs from the day the
    # judgment takes effect, after the longest appeal/protest period.
    EFFECTIVE_AFTER_PROTEST = "effective_after_protest"


@dataclass(frozen=True)
class Note:
    text: str  # Vietnamese, shown to the user
    confidence: Confidence = Confidence.CONFIRMED


@dataclass(frozen=True)
class ExtensionStep:
    """One extension the law allows: its cap per category (a category missing from
    ``max_length`` has no such extension), who grants it, and how many days before
    expiry it must be requested (R9)."""

    max_length: Mapping[CrimeCategory, Duration]
    granted_by: str
    basis: LegalBasis
    request_lead_days: int | None = None
    scope: Scope = Scope.ALL


@dataclass(frozen=True)
class Terms:
    """The lengths of one clock (or one variant of it) as the law writes them."""

    basis: LegalBasis
    base: Mapping[CrimeCategory, Duration]
    label: str = ""
    extensions: tuple[ExtensionStep, ...] = ()
    # The law's own "max total" where it states one; the catalog checks the table
    # against it at import so a mistyped extension cannot outgrow the law.
    statutory_max: Mapping[CrimeCategory, Duration] = field(default_factory=dict)
    statutory_max_national_security: Mapping[CrimeCategory, Duration] = field(default_factory=dict)
    confidence: Confidence = Confidence.CONFIRMED
    conventions: tuple[Convention, ...] = ()
    notes: tuple[Note, ...] = ()
    start_rule: StartRule = StartRule.EVENT_DAY
    effective_after: Duration | None = None  # R11: the longest appeal/protest period

    def steps_for(
        self, category: CrimeCategory, national_security: bool
    ) -> tuple[tuple[ExtensionStep, Duration], ...]:
        """The extensions open to this case, in the order they can be granted."""
        found = self._steps.get((category, national_security))
        if found is None:
            found = self._steps[(category, national_security)] = tuple(
                (step, step.max_length[category])
                for step in self.extensions
                if category in step.max_length and step.scope.admits(national_security)
            )
        return found

    @cached_property
    def _steps(
        self,
    ) -> dict[tuple[CrimeCategory, bool], tuple[tuple[ExtensionStep, Duration], ...]]:
        # steps_for, by its arguments: asked for every clock, and the terms never change
        return {}

    @cached_property
    def depends_on_category(self) -> bool:
        if len(set(self.base.values())) > 1:
            return True
        return any(len(set(s.max_length.values())) > 1 for s in self.extensions) or any(
            set(s.max_length) != set(CrimeCategory) for s in self.extensions
        )


@dataclass(frozen=True)
class ClockRule:
    """One statutory clock. A clock either has its own ``terms`` or ``variants``
    (e.g. APPEAL against a judgment or a decision), each with full terms."""

    code: str
    label: str
    start_event: str
    counting: CountingMode
    basis: LegalBasis
    terms: Terms | None = None
    variants: Mapping[str, Terms] = field(default_factory=dict)
    default_variant: str | None = None

    def mode_for(self, duration: Duration) -> CountingMode:
        if self.counting in (CountingMode.PROCEDURAL_DAYS, CountingMode.PROCEDURAL_MONTHS):
            if duration.unit is Unit.MONTHS:
                return CountingMode.PROCEDURAL_MONTHS
            return CountingMode.PROCEDURAL_DAYS
        return self.counting

    def all_terms(self) -> tuple[tuple[str | None, Terms], ...]:
        if self.terms is not None:
            return ((None, self.terms),)
        return tuple(self.variants.items())
