"""Every statutory clock the engine computes, one rule per clock, each citing the
article LEGAL.md §1.0–§1.9 gives. The catalogue checks itself at import."""

from __future__ import annotations

from collections.abc import Mapping

from phoihop.domain.crimes import CrimeCategory

from .rules import (
    PROCURATOR_GENERAL,
    ClockRule,
    Confidence,
    Convention,
    CountingMode,
    Duration,
    ExtensionStep,
    LegalBasis,
    Note,
    Scope,
    StartRule,
    Terms,
    days,
    months,
    working_days,
)
from .validation import CatalogError, build_catalog

__all__ = ["CATALOG", "CatalogError", "build_catalog"]

ITN, NT, RNT, DBNT = CrimeCategory.ITN, CrimeCategory.NT, CrimeCategory.RNT, CrimeCategory.DBNT


def _bltths(article: int, clause: int | None = None, point: str | None = None) -> LegalBasis:
    return LegalBasis(code="BLTTHS-2015", article=article, clause=clause, point=point)


def _all(duration: Duration) -> dict[CrimeCategory, Duration]:
    return dict.fromkeys(CrimeCategory, duration)


def _table(
    itn: Duration, nt: Duration, rnt: Duration, dbnt: Duration
) -> dict[CrimeCategory, Duration]:
    return {ITN: itn, NT: nt, RNT: rnt, DBNT: dbnt}


# LEGAL.md §1.13: Law 99/2025/QH15 (in force 01/07/2025) was not in the text read;
# the durations are believed unchanged.
_LAW_99_2025 = Note(
    "Chưa đối chiếu được văn bản Luật 99/2025/QH15 (hiệu lực 01/07/2025); thời hạn được coi "
    "là không đổi.",
    Confidence.UNCONFIRMED,
)
# LEGAL.md §1.2, §1.4: the authority matrix was rewritten around regional procuracies.
_AUTHORITY_2025 = Note(
    "Thẩm quyền gia hạn sau khi bỏ cấp huyện (VKSND khu vực) chưa được xác nhận.",
    Confidence.UNCONFIRMED,
)
_VKS_172_5 = "Viện trưởng Viện kiểm sát có thẩm quyền (Điều 172 khoản 5–6)"
_VKS_TOI_CAO = PROCURATOR_GENERAL
_SUPERIOR_PROTEST_OF_JUDGMENT = days(30)  # 337(1): the longest period against a judgment


def _investigation_terms(basis: LegalBasis, label: str) -> Terms:
    """The Art.172 table, shared by INVESTIGATION and REINVESTIGATION (174(3))."""
    request = 10  # 172(2): request at least 10 days before expiry
    return Terms(
        basis=basis,
        label=label,
        base=_table(months(2), months(3), months(4), months(4)),
        extensions=(
            ExtensionStep(
                _table(months(2), months(3), months(4), months(4)),
                _VKS_172_5,
                _bltths(172, 2),
                request,
            ),
            ExtensionStep(
                {NT: months(2), RNT: months(4), DBNT: months(4)},
                _VKS_172_5,
                _bltths(172, 2),
                request,
            ),
            ExtensionStep({DBNT: months(4)}, _VKS_172_5, _bltths(172, 2), request),
            ExtensionStep({DBNT: months(4)}, _VKS_TOI_CAO, _bltths(172, 3), request),
            ExtensionStep(
                _all(months(4)),
                _VKS_TOI_CAO,
                _bltths(172, 3),
                request,
                Scope.NATIONAL_SECURITY_ONLY,
            ),
        ),
        statutory_max=_table(months(4), months(8), months(12), months(20)),
        statutory_max_national_security=_table(months(8), months(12), months(16), months(24)),
        notes=(
            Note(
                "Gia hạn lần 4 cho tội đặc biệt nghiêm trọng chỉ khi vụ án rất phức tạp (Điều 172 "
                "khoản 3)."
            ),
            Note(
                "Rà soát hồ sơ chung trước khi kết thúc điều tra 10/10/15/20 ngày (TTLT 04/2018 "
                "Điều 31)."
            ),
            _AUTHORITY_2025,
            _LAW_99_2025,
        ),
    )


def _detention_during_investigation() -> Terms:
    request = 10  # 173(2)
    return Terms(
        basis=_bltths(173),
        label="Tạm giam để điều tra",
        base=_table(months(2), months(3), months(4), months(4)),
        extensions=(
            ExtensionStep(
                _table(months(1), months(2), months(3), months(4)),
                "Viện kiểm sát có thẩm quyền (Điều 173 khoản 3–4)",
                _bltths(173, 2),
                request,
            ),
            ExtensionStep(
                {DBNT: months(4)},
                "Viện kiểm sát cấp tỉnh (Điều 173 khoản 3–4)",
                _bltths(173, 2),
                request,
            ),
            ExtensionStep(
                {DBNT: months(4)}, _VKS_TOI_CAO, _bltths(173, 6), request, Scope.ORDINARY_ONLY
            ),
            ExtensionStep(
                {NT: months(4), RNT: months(4), DBNT: months(4)},
                _VKS_TOI_CAO,
                _bltths(173, 5),
                request,
                Scope.NATIONAL_SECURITY_ONLY,
            ),
            ExtensionStep(
                {NT: months(1), RNT: months(2), DBNT: months(4)},
                _VKS_TOI_CAO,
                _bltths(173, 5),
                request,
                Scope.NATIONAL_SECURITY_ONLY,
            ),
        ),
        statutory_max=_table(months(3), months(5), months(7), months(16)),
        statutory_max_national_security=_table(months(3), months(10), months(13), months(20)),
        notes=(
            Note(
                "Thời hạn tạm giam không được vượt quá thời hạn điều tra (TTLT 04/2018 Điều 14 "
                "khoản 3)."
            ),
            Note(
                "Tội đặc biệt nghiêm trọng: sau các lần gia hạn, Viện trưởng VKSND tối cao có thể "
                "cho tạm giam đến khi kết thúc điều tra (Điều 173 khoản 5–6); hệ thống không tính "
                "được mốc này."
            ),
            _AUTHORITY_2025,
            _LAW_99_2025,
        ),
    )


_DENUNCIATION_ENDS = Note(
    "Kết thúc khi có quyết định khởi tố, không khởi tố hoặc tạm đình chỉ giải quyết (Điều 147, "
    "148)."
)

_RULES: tuple[ClockRule, ...] = (
    ClockRule(
        code="DENUNCIATION",
        label="Thời hạn giải quyết tố giác, tin báo về tội phạm, kiến nghị khởi tố",
        start_event="ngày tiếp nhận tố giác, tin báo, kiến nghị khởi tố",
        counting=CountingMode.PROCEDURAL_DAYS,
        basis=_bltths(147, 1),
        terms=Terms(
            basis=_bltths(147, 1),
            base=_all(days(20)),
            notes=(
                Note(
                    "Nếu vụ việc phức tạp, có thể kéo dài đến 2 tháng kể từ ngày tiếp nhận: dùng "
                    "thời hạn giải quyết tố giác, tin báo được kéo dài."
                ),
                _DENUNCIATION_ENDS,
                _LAW_99_2025,
            ),
        ),
    ),
    ClockRule(
        code="DENUNCIATION_PROLONGED",
        label="Thời hạn giải quyết tố giác, tin báo được kéo dài",
        start_event="ngày tiếp nhận tố giác, tin báo, kiến nghị khởi tố",
        counting=CountingMode.PROCEDURAL_MONTHS,
        basis=_bltths(147, 2),
        terms=Terms(
            basis=_bltths(147, 2),
            base=_all(months(2)),
            extensions=(
                ExtensionStep(
                    _all(months(2)),
                    "Viện trưởng Viện kiểm sát cùng cấp hoặc có thẩm quyền",
                    _bltths(147, 2),
                    request_lead_days=5,
                ),
            ),
            statutory_max=_all(months(4)),
            notes=(
                Note(
                    "Thời hạn 2 tháng thay cho (không cộng thêm vào) 20 ngày; do Thủ trưởng Cơ "
                    "quan điều tra quyết định."
                ),
                Note(
                    "Viện kiểm sát quyết định gia hạn trong 3 ngày kể từ khi nhận đề nghị (TTLT "
                    "01/2017 Điều 11 khoản 2)."
                ),
                _DENUNCIATION_ENDS,
                _LAW_99_2025,
            ),
        ),
    ),
    ClockRule(
        code="DENUNCIATION_AFTER_ANNULMENT",
        label="Thời hạn giải quyết nguồn tin sau khi quyết định tạm đình chỉ bị hủy",
        start_event="ngày Cơ quan điều tra nhận quyết định hủy của Viện kiểm sát",
        counting=CountingMode.PROCEDURAL_MONTHS,
        basis=_bltths(148, 2),
        terms=Terms(
            basis=_bltths(148, 2), base=_all(months(1)), notes=(_DENUNCIATION_ENDS, _LAW_99_2025)
        ),
    ),
    ClockRule(
        code="DENUNCIATION_AFTER_RESUMPTION",
        label="Thời hạn giải quyết nguồn tin sau khi phục hồi",
        start_event="ngày ra quyết định phục hồi giải quyết",
        counting=CountingMode.PROCEDURAL_MONTHS,
        basis=_bltths(149),
        terms=Terms(
            basis=_bltths(149),
            base=_all(months(1)),
            conventions=(Convention.RESUMPTION_STARTS_FRESH_PERIOD,),
            notes=(_DENUNCIATION_ENDS, _LAW_99_2025),
        ),
    ),
    ClockRule(
        code="INVESTIGATION",
        label="Thời hạn điều tra vụ án hình sự",
        start_event="ngày khởi tố vụ án (vụ khởi tố đầu tiên nếu nhập vụ án)",
        counting=CountingMode.PROCEDURAL_MONTHS,
        basis=_bltths(172, 1),
        terms=_investigation_terms(_bltths(172, 1), ""),
    ),
    ClockRule(
        code="INVESTIGATION_RESUMED",
        label="Thời hạn điều tra khi phục hồi điều tra",
        start_event="ngày ra quyết định phục hồi điều tra",
        counting=CountingMode.PROCEDURAL_MONTHS,
        basis=_bltths(174, 1),
        terms=Terms(
            basis=_bltths(174, 1),
            base=_table(months(2), months(2), months(3), months(3)),
            extensions=(
                ExtensionStep(
                    _table(months(1), months(2), months(2), months(3)),
                    _VKS_172_5,
                    _bltths(174, 1),
                    request_lead_days=10,
                ),
            ),
            statutory_max=_table(months(3), months(4), months(5), months(6)),
            conventions=(Convention.RESUMPTION_STARTS_FRESH_PERIOD,),
            notes=(_AUTHORITY_2025, _LAW_99_2025),
        ),
    ),
    ClockRule(
        code="SUPPLEMENTARY_INVESTIGATION",
        label="Thời hạn điều tra bổ sung",
        start_event="ngày Cơ quan điều tra nhận lại hồ sơ và yêu cầu điều tra bổ sung",
        counting=CountingMode.PROCEDURAL_MONTHS,
        basis=_bltths(174, 2),
        variants={
            "PROCURACY": Terms(
                basis=_bltths(174, 2),
                label="Viện kiểm sát trả hồ sơ",
                base=_all(months(2)),
                notes=(
                    Note(
                        "Viện kiểm sát chỉ được trả hồ sơ để điều tra bổ sung tối đa 2 lần (Điều "
                        "174 khoản 2)."
                    ),
                    Note(
                        "Thời hạn truy tố tính lại từ ngày Viện kiểm sát nhận lại hồ sơ (cách "
                        "hiểu Điều 240 khoản 1).",
                        Confidence.UNCONFIRMED,
                    ),
                    _LAW_99_2025,
                ),
            ),
            "COURT": Terms(
                basis=_bltths(174, 2),
                label="Tòa án trả hồ sơ",
                base=_all(months(1)),
                notes=(
                    Note(
                        "Thẩm phán chủ tọa trả 1 lần, Hội đồng xét xử trả 1 lần (Điều 174 khoản "
                        "2, Điều 280)."
                    ),
                    Note(
                        "Sau khi nhận lại hồ sơ, Tòa án có 15 ngày để quyết định đưa vụ án ra xét "
                        "xử (Điều 277 khoản 2)."
                    ),
                    _LAW_99_2025,
                ),
            ),
        },
    ),
    ClockRule(
        code="REINVESTIGATION",
        label="Thời hạn điều tra lại",
        start_event="ngày Cơ quan điều tra nhận hồ sơ và yêu cầu điều tra lại",
        counting=CountingMode.PROCEDURAL_MONTHS,
        basis=_bltths(174, 3),
        terms=_investigation_terms(_bltths(174, 3), "Điều tra lại theo bảng Điều 172"),
    ),
    ClockRule(
        code="CUSTODY",
        label="Thời hạn tạm giữ",
        start_event="thời điểm Cơ quan điều tra nhận người bị giữ, bị bắt",
        counting=CountingMode.HOURS,
        basis=_bltths(118),
        terms=Terms(
            basis=_bltths(118),
            base=_all(days(3)),
            extensions=(
                ExtensionStep(
                    _all(days(3)),
                    "người ra quyết định tạm giữ, Viện kiểm sát phê chuẩn trong 12 giờ",
                    _bltths(118),
                ),
                ExtensionStep(
                    _all(days(3)),
                    "người ra quyết định tạm giữ (trường hợp đặc biệt), Viện kiểm sát phê chuẩn "
                    "trong 12 giờ",
                    _bltths(118),
                ),
            ),
            statutory_max=_all(days(9)),
            notes=(
                Note("Một ngày tạm giữ được trừ một ngày tạm giam (Điều 118 khoản 4)."),
                _LAW_99_2025,
            ),
        ),
    ),
    ClockRule(
        code="DETENTION",
        label="Thời hạn tạm giam",
        start_event="ngày đầu tiên bị tạm giam",
        counting=CountingMode.DETENTION,
        basis=_bltths(173),
        variants={
            "INVESTIGATION": _detention_during_investigation(),
            "PROSECUTION": Terms(
                basis=_bltths(241),
                label="Tạm giam để truy tố (không quá thời hạn truy tố Điều 240 khoản 1)",
                base=_table(days(20), days(20), days(30), days(30)),
                extensions=(
                    ExtensionStep(
                        _table(days(10), days(10), days(15), days(30)),
                        "Viện trưởng Viện kiểm sát (kèm gia hạn truy tố)",
                        _bltths(240, 1),
                        # TTLT 04/2018 Art.18: a new order at least 5 days before expiry
                        request_lead_days=5,
                    ),
                ),
                statutory_max=_table(days(30), days(30), days(45), days(60)),
                notes=(_LAW_99_2025,),
            ),
            "TRIAL_PREPARATION": Terms(
                basis=_bltths(278),
                label="Tạm giam để chuẩn bị xét xử (không quá thời hạn Điều 277 khoản 1)",
                base=_table(days(30), days(45), months(2), months(3)),
                extensions=(
                    ExtensionStep(
                        _table(days(15), days(15), days(30), days(30)),
                        "Chánh án Tòa án (kèm gia hạn chuẩn bị xét xử)",
                        _bltths(277, 1),
                    ),
                ),
                notes=(
                    Note(
                        "Nếu hết hạn vào ngày mở phiên tòa, Hội đồng xét xử có thể ra lệnh tạm "
                        "giam đến khi kết thúc phiên tòa (Điều 278)."
                    ),
                    _LAW_99_2025,
                ),
            ),
            "AFTER_SENTENCE": Terms(
                basis=_bltths(329, 3),
                label="Tạm giam sau khi tuyên án sơ thẩm",
                base=_all(days(45)),
            ),
            "AFTER_APPEAL": Terms(
                basis=_bltths(347, 3),
                label="Tạm giam sau khi tuyên án phúc thẩm",
                base=_all(days(45)),
            ),
        },
    ),
    ClockRule(
        code="PROSECUTION",
        label="Thời hạn quyết định việc truy tố",
        start_event="ngày Viện kiểm sát nhận hồ sơ vụ án và bản kết luận điều tra",
        counting=CountingMode.PROCEDURAL_DAYS,
        basis=_bltths(240, 1),
        terms=Terms(
            basis=_bltths(240, 1),
            base=_table(days(20), days(20), days(30), days(30)),
            extensions=(
                ExtensionStep(
                    _table(days(10), days(10), days(15), days(30)),
                    "Viện trưởng Viện kiểm sát",
                    _bltths(240, 1),
                ),
            ),
            statutory_max=_table(days(30), days(30), days(45), days(60)),
            notes=(
                Note(
                    "Khi phục hồi vụ án, thời hạn truy tố tính lại đầy đủ từ quyết định phục hồi "
                    "(Điều 249)."
                ),
                _LAW_99_2025,
            ),
        ),
    ),
    ClockRule(
        code="TRIAL_PREPARATION",
        label="Thời hạn chuẩn bị xét xử sơ thẩm",
        start_event="ngày Tòa án thụ lý vụ án",
        counting=CountingMode.PROCEDURAL_DAYS,
        basis=_bltths(277, 1),
        terms=Terms(
            basis=_bltths(277, 1),
            base=_table(days(30), days(45), months(2), months(3)),
            extensions=(
                ExtensionStep(
                    _table(days(15), days(15), days(30), days(30)),
                    "Chánh án Tòa án",
                    _bltths(277, 1),
                ),
            ),
            notes=(
                # LEGAL.md §1.6: the text caps the extension; one extension is the normal reading.
                Note(
                    "Điều 277 khoản 1 giới hạn độ dài gia hạn; hệ thống hiểu là chỉ gia hạn một "
                    "lần.",
                    Confidence.CONVENTION,
                ),
                Note(
                    "Khi phục hồi vụ án, thời hạn chuẩn bị xét xử tính lại đầy đủ (Điều 277 khoản "
                    "2, Điều 283)."
                ),
                _LAW_99_2025,
            ),
        ),
    ),
    ClockRule(
        code="TRIAL_PREPARATION_AFTER_RETURN",
        label="Thời hạn đưa vụ án ra xét xử sau khi nhận lại hồ sơ",
        start_event="ngày Tòa án nhận lại hồ sơ",
        counting=CountingMode.PROCEDURAL_DAYS,
        basis=_bltths(277, 2),
        terms=Terms(basis=_bltths(277, 2), base=_all(days(15)), notes=(_LAW_99_2025,)),
    ),
    ClockRule(
        code="HEARING_OPENING",
        label="Thời hạn mở phiên tòa",
        start_event="ngày ra quyết định đưa vụ án ra xét xử",
        counting=CountingMode.PROCEDURAL_DAYS,
        basis=_bltths(277, 3),
        default_variant="NORMAL",
        variants={
            "NORMAL": Terms(basis=_bltths(277, 3), label="Thông thường", base=_all(days(15))),
            "FORCE_MAJEURE": Terms(
                basis=_bltths(277, 3),
                label="Lý do bất khả kháng, trở ngại khách quan",
                base=_all(days(30)),
            ),
        },
    ),
    ClockRule(
        code="HEARING_REOPENING",
        label="Thời hạn mở lại phiên tòa sơ thẩm sau khi hoãn",
        start_event="ngày ra quyết định hoãn phiên tòa",
        counting=CountingMode.PROCEDURAL_DAYS,
        basis=_bltths(297, 2),
        terms=Terms(basis=_bltths(297, 2), base=_all(days(30))),
    ),
    ClockRule(
        code="APPELLATE_HEARING_REOPENING",
        label="Thời hạn mở lại phiên tòa phúc thẩm sau khi hoãn",
        start_event="ngày ra quyết định hoãn phiên tòa phúc thẩm",
        counting=CountingMode.PROCEDURAL_DAYS,
        basis=_bltths(352, 2),
        terms=Terms(basis=_bltths(352, 2), base=_all(days(30))),
    ),
    ClockRule(
        code="JUDGMENT_DELIVERY",
        label="Thời hạn giao, gửi bản án",
        start_event="ngày tuyên án",
        counting=CountingMode.PROCEDURAL_DAYS,
        basis=_bltths(262),
        terms=Terms(
            basis=_bltths(262),
            base=_all(days(10)),
            notes=(
                Note(
                    "Tòa án cấp cao trước đây được kéo dài đến 25 ngày khi xét xử phúc thẩm; "
                    "quy định tương ứng từ năm 2025 chưa xác định.",
                    Confidence.UNCONFIRMED,
                ),
            ),
        ),
    ),
    ClockRule(
        code="APPEAL",
        label="Thời hạn kháng cáo",
        start_event=(
            "ngày tuyên án (vắng mặt: ngày nhận hoặc niêm yết bản án); quyết định: ngày nhận"
        ),
        counting=CountingMode.PROCEDURAL_DAYS,
        basis=_bltths(333),
        default_variant="JUDGMENT",
        variants={
            "JUDGMENT": Terms(basis=_bltths(333, 1), label="Kháng cáo bản án", base=_all(days(15))),
            "DECISION": Terms(
                basis=_bltths(333, 2), label="Kháng cáo quyết định", base=_all(days(7))
            ),
        },
    ),
    ClockRule(
        code="PROTEST",
        label="Thời hạn kháng nghị",
        start_event="ngày tuyên án; quyết định: ngày Tòa án ra quyết định",
        counting=CountingMode.PROCEDURAL_DAYS,
        basis=_bltths(337),
        variants={
            "SAME_LEVEL_JUDGMENT": Terms(
                basis=_bltths(337, 1), label="VKS cùng cấp, bản án", base=_all(days(15))
            ),
            "SUPERIOR_JUDGMENT": Terms(
                basis=_bltths(337, 1),
                label="VKS cấp trên trực tiếp, bản án",
                base=_all(_SUPERIOR_PROTEST_OF_JUDGMENT),
            ),
            "SAME_LEVEL_DECISION": Terms(
                basis=_bltths(337, 2), label="VKS cùng cấp, quyết định", base=_all(days(7))
            ),
            "SUPERIOR_DECISION": Terms(
                basis=_bltths(337, 2),
                label="VKS cấp trên trực tiếp, quyết định",
                base=_all(days(15)),
            ),
        },
    ),
    ClockRule(
        code="APPELLATE_DECISION",
        label="Thời hạn ra quyết định xét xử phúc thẩm hoặc đình chỉ",
        start_event="ngày Tòa án cấp phúc thẩm thụ lý vụ án",
        counting=CountingMode.PROCEDURAL_DAYS,
        basis=_bltths(346, 2),
        default_variant="PROVINCIAL",
        variants={
            "PROVINCIAL": Terms(
                basis=_bltths(346, 2), label="Tòa án nhân dân cấp tỉnh", base=_all(days(45))
            ),
            # LEGAL.md §1.7: whether Law 99/2025 gave the Supreme Court the former High
            # Courts' 75/90 days is UNCONFIRMED.
            "SUPREME": Terms(
                basis=_bltths(346, 2),
                label="Tòa án nhân dân tối cao (thay Tòa án cấp cao)",
                base=_all(days(75)),
                confidence=Confidence.UNCONFIRMED,
                notes=(
                    Note(
                        "Con số 75 ngày là của Tòa án cấp cao trước 01/07/2025; chưa xác nhận Luật "
                        "99/2025 giữ nguyên cho Tòa án nhân dân tối cao.",
                        Confidence.UNCONFIRMED,
                    ),
                ),
            ),
        },
    ),
    ClockRule(
        code="APPELLATE_HEARING",
        label="Thời hạn mở phiên tòa phúc thẩm",
        start_event="ngày Tòa án cấp phúc thẩm nhận hồ sơ vụ án",
        counting=CountingMode.PROCEDURAL_DAYS,
        basis=_bltths(346, 1),
        default_variant="PROVINCIAL",
        variants={
            "PROVINCIAL": Terms(
                basis=_bltths(346, 1), label="Tòa án nhân dân cấp tỉnh", base=_all(days(60))
            ),
            "SUPREME": Terms(
                basis=_bltths(346, 1),
                label="Tòa án nhân dân tối cao (thay Tòa án cấp cao)",
                base=_all(days(90)),
                confidence=Confidence.UNCONFIRMED,
                notes=(
                    Note(
                        "Con số 90 ngày là của Tòa án cấp cao trước 01/07/2025; chưa xác nhận Luật "
                        "99/2025 giữ nguyên cho Tòa án nhân dân tối cao.",
                        Confidence.UNCONFIRMED,
                    ),
                ),
            ),
        },
    ),
    ClockRule(
        code="EXPERTISE",
        label="Thời hạn giám định",
        start_event=(
            "ngày tổ chức, cá nhân giám định nhận quyết định trưng cầu kèm đủ hồ sơ, đối tượng"
        ),
        counting=CountingMode.PROCEDURAL_MONTHS,
        basis=_bltths(208),
        variants={
            "PSYCHIATRIC": Terms(
                basis=_bltths(208, 1, "a"), label="Giám định tâm thần", base=_all(months(3))
            ),
            "DEATH_OR_POLLUTION": Terms(
                basis=_bltths(208, 1, "b"),
                label="Nguyên nhân chết người; ô nhiễm môi trường",
                base=_all(months(1)),
            ),
            "NINE_DAYS": Terms(
                basis=_bltths(208, 1, "c"),
                label="Tuổi, thương tích, ma túy, vũ khí, tiền giả, kim loại quý, cổ vật…",
                base=_all(days(9)),
            ),
            # GĐTP 26a(4): extension up to half the maximum; half of 3 months is read as 45
            # days (HALF_MAXIMUM_AS_DAYS, a convention not yet in LEGAL.md Appendix A).
            "OTHER": Terms(
                basis=LegalBasis("GDTP-2012", 26, 4, article_suffix="a"),
                label="Trường hợp khác",
                base=_all(months(3)),
                extensions=(
                    ExtensionStep(
                        _all(days(45)),
                        "cơ quan trưng cầu giám định",
                        LegalBasis("GDTP-2012", 26, 4, article_suffix="a"),
                    ),
                ),
                conventions=(Convention.HALF_MAXIMUM_AS_DAYS,),
            ),
            "OTHER_COMPLEX": Terms(
                basis=LegalBasis("GDTP-2012", 26, 4, article_suffix="a"),
                label="Trường hợp khác, phức tạp hoặc khối lượng lớn",
                base=_all(months(4)),
                extensions=(
                    ExtensionStep(
                        _all(months(2)),
                        "cơ quan trưng cầu giám định",
                        LegalBasis("GDTP-2012", 26, 4, article_suffix="a"),
                    ),
                ),
                statutory_max=_all(months(6)),
            ),
        },
    ),
    ClockRule(
        code="EXECUTION_DECISION",
        label="Thời hạn ra quyết định thi hành án",
        start_event="ngày bản án có hiệu lực pháp luật hoặc ngày nhận quyết định phúc thẩm",
        counting=CountingMode.PROCEDURAL_DAYS,
        basis=_bltths(364, 2),
        default_variant="FROM_EFFECTIVE_DATE",
        variants={
            "FROM_EFFECTIVE_DATE": Terms(
                basis=_bltths(364, 2), label="Tính từ ngày bản án có hiệu lực", base=_all(days(7))
            ),
            "FROM_PRONOUNCEMENT": Terms(
                basis=_bltths(364, 2),
                label="Tính từ ngày tuyên án sơ thẩm không bị kháng cáo, kháng nghị",
                base=_all(days(7)),
                start_rule=StartRule.EFFECTIVE_AFTER_PROTEST,
                effective_after=_SUPERIOR_PROTEST_OF_JUDGMENT,
                conventions=(Convention.EFFECTIVE_DAY_AFTER_LAST_PROTEST_DAY,),
            ),
        },
    ),
    ClockRule(
        code="CIVIL_ENFORCEMENT",
        label="Thời hạn ra quyết định thi hành án dân sự chủ động",
        start_event="ngày cơ quan thi hành án dân sự nhận bản án, quyết định",
        counting=CountingMode.WORKING_DAYS,
        basis=LegalBasis("THADS-2008", 36, 2),
        # LEGAL.md §1.9: Law 106/2025 replaces THADS from 01/07/2026; its day counts
        # are UNCONFIRMED, so the 2008 figure stays with a warning.
        terms=Terms(
            basis=LegalBasis("THADS-2008", 36, 2),
            base=_all(working_days(5)),
            notes=(
                Note(
                    "Từ 01/07/2026 áp dụng Luật Thi hành án dân sự số 106/2025/QH15; thời hạn theo "
                    "luật mới chưa được xác nhận.",
                    Confidence.UNCONFIRMED,
                ),
            ),
        ),
    ),
)


CATALOG: Mapping[str, ClockRule] = build_catalog(_RULES)
