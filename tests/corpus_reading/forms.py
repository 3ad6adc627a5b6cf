"""Decisions written in the layouts of their official forms, with varied names, dates,
numbers, bodies and charges, each with its true fields. Seeded: one seed, one corpus.

The forms followed (wording paraphrased from the forms' structure, not copied):

- Police investigation bodies, Thông tư 119/2021/TT-BCA (biểu mẫu về điều tra hình sự,
  replacing Thông tư 61/2017/TT-BCA): Quyết định khởi tố vụ án hình sự (mẫu số 27),
  Quyết định khởi tố bị can, Lệnh tạm giam, Quyết định trưng cầu giám định, Quyết định
  tạm đình chỉ điều tra vụ án hình sự, Bản kết luận điều tra vụ án hình sự đề nghị truy
  tố. Header "CÔNG AN TỈNH … / CƠ QUAN CẢNH SÁT ĐIỀU TRA".
- Procuracies, Quyết định 15/QĐ-VKSTC of 09/01/2018 (mẫu văn bản tố tụng trong thực
  hành quyền công tố, kiểm sát khởi tố, điều tra, truy tố; its khởi tố vụ án is mẫu số
  20/HS): Quyết định phê chuẩn quyết định khởi tố bị can, Quyết định gia hạn thời hạn điều
  tra vụ án hình sự, Quyết định gia hạn thời hạn tạm giam, Quyết định trả hồ sơ vụ án để
  điều tra bổ sung, Cáo trạng. Header: the superior procuracy over the issuing one.
- Courts, Nghị quyết 05/2017/NQ-HĐTP (60 biểu mẫu trong giai đoạn xét xử; in force from
  01/01/2018): Quyết định đưa vụ án ra xét xử sơ thẩm, Bản án hình sự sơ thẩm (mẫu số
  27-HS), whose head gives "Bản án số: …/…/HS-ST" and "Ngày: …" instead of a title.

Form numbers other than those named were not confirmed from the sources at hand.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from phoihop.demo import vocabulary
from phoihop.domain.crimes import ARTICLES
from phoihop.domain.procedure.events import EventType
from tests.corpus_reading.document import DecisionTruth, FormDocument, Layout, render_text

DATA = Path(__file__).resolve().parents[2] / "phoihop" / "data"
EARLIEST = dt.date(2019, 1, 1)
LATEST = dt.date(2025, 12, 31)


@dataclass(frozen=True)
class Body:
    """An issuing body of the registry (phoihop/data/agencies.json)."""

    code: str
    name: str
    kind: str
    place: str
    header: tuple[str, ...]
    valid_from: dt.date
    valid_to: dt.date


@dataclass(frozen=True)
class Sample:
    document: FormDocument
    layout: Layout
    text: str
    truth: DecisionTruth


def _registry() -> dict[str, list[Body]]:
    agencies = json.loads((DATA / "agencies.json").read_text(encoding="utf-8"))
    provinces = json.loads((DATA / "provinces.json").read_text(encoding="utf-8"))
    names = {p["code"]: p["name"] for p in provinces["provinces"]}
    names.update({p["code"]: p["name"] for p in provinces["former_provinces"]})
    by_code = {a["code"]: a for a in agencies}
    bodies: dict[str, list[Body]] = {"investigation": [], "procuracy": [], "court": []}
    for row in agencies:
        code, name, kind = row["code"], row["name"], row["kind"]
        if kind not in bodies or (row["level"] == "regional" and kind == "investigation"):
            continue
        police = re.match(r"^(Cơ quan (?:Cảnh sát điều tra|An ninh điều tra|điều tra)) (.+)$", name)
        if kind == "investigation" and police:
            header = (police[2].upper(), police[1].upper())
        elif kind == "investigation" and code == "BCA-C03":
            unit, parent = name.rsplit(", ", 1)
            header = (parent.upper(), unit.upper())
        elif kind == "procuracy" and re.fullmatch(r"[A-Z]+-VKS(-CU)?|VKSTC", code):
            header = (("VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO",) if code != "VKSTC" else ()) + (
                name.upper(),
            )
        elif kind == "procuracy" and re.fullmatch(r"[A-Z]+-VKSKV\d+", code):
            parent = by_code[code.split("-")[0] + "-VKS"]["name"]
            header = (parent.upper(), name.upper())
        elif kind == "court" and re.fullmatch(r"[A-Z]+-TA(-CU|KV\d+)?", code):
            header = (name.upper(),)
        else:
            continue
        place = names.get(row["province"] or "HN", "Hà Nội")
        valid_from = dt.date.fromisoformat(row["valid_from"] or "2018-01-01")
        valid_to = dt.date.fromisoformat(row["valid_to"] or "2099-12-31")
        bodies[kind].append(
            Body(code, name, kind, place, header, max(valid_from, EARLIEST), min(valid_to, LATEST))
        )
    return bodies


BODIES = _registry()


@dataclass(frozen=True)
class Accused:
    name: str
    gender: str
    birth: dt.date
    full_birth_date: bool  # "Sinh ngày 12 tháng 5 năm 1975" rather than "sinh năm 1975"


@dataclass(frozen=True)
class Facts:
    """What one generated decision is about."""

    body: Body
    signed_on: dt.date
    number: int
    place_line: str
    accused: tuple[Accused, ...]
    article: int
    clause: int
    point: str
    crime: str  # "tham ô tài sản"
    case_title: str  # '"Tham ô tài sản" xảy ra tại …'
    police: str  # the investigating body named in procuracy and court decisions
    signer: str


def _spelled(day: dt.date) -> str:
    return f"ngày {day.day:02d} tháng {day.month} năm {day.year}"


def _numeric(day: dt.date, rng: random.Random) -> str:
    return rng.choice(
        (f"{day.day:02d}/{day.month:02d}/{day.year}", f"{day.day}/{day.month}/{day.year}")
    )


def _date_phrase(day: dt.date, rng: random.Random) -> str:
    return _spelled(day) if rng.random() < 0.6 else f"ngày {_numeric(day, rng)}"


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _facts(rng: random.Random, kind: str) -> Facts:
    body = rng.choice(BODIES[kind])
    span = (body.valid_to - body.valid_from).days
    signed_on = body.valid_from + dt.timedelta(days=rng.randrange(max(span, 1)))
    people = []
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
        gender = rng.choice(vocabulary.GENDERS)
        birth = dt.date(rng.randint(1955, 2000), rng.randint(1, 12), rng.randint(1, 28))
        people.append(
            Accused(vocabulary.person_name(rng, gender), gender, birth, rng.random() < 0.5)
        )
    names = [p.name for p in people]
    if len(set(names)) != len(names):
        people = people[:1]
    article = rng.choice(tuple(vocabulary.CRIMES))
    clauses = tuple(ARTICLES[article].clauses) or (1, 2, 3)
    crime = vocabulary.CRIMES[article]
    field = rng.choice(tuple(vocabulary.FIELDS))
    province = rng.choice(tuple(vocabulary.PROVINCES))
    venue = vocabulary.venue(rng, field, vocabulary.place(rng, province))
    police = rng.choice(
        [b for b in BODIES["investigation"] if b.place == body.place] or BODIES["investigation"]
    )
    place = body.place
    if place == "Thành phố Hồ Chí Minh" and rng.random() < 0.5:
        place = "TP. Hồ Chí Minh"
    return Facts(
        body=body,
        signed_on=signed_on,
        number=rng.randint(1, 999),
        place_line=f"{place}, {_date_phrase(signed_on, rng)}",
        accused=tuple(people),
        article=article,
        clause=rng.choice(clauses),
        point=rng.choice("abcdđeg"),
        crime=crime,
        case_title=f'"{crime[0].upper()}{crime[1:]}" xảy ra tại {venue}',
        police=police.name,
        signer=vocabulary.person_name(rng),
    )


def _charge(facts: Facts, rng: random.Random) -> str:
    law = rng.choice(("Bộ luật Hình sự", "Bộ luật Hình sự năm 2015", "BLHS"))
    if rng.random() < 0.2:
        return f"Điều {facts.article} khoản {facts.clause} {law}"
    point = f"điểm {facts.point} " if rng.random() < 0.4 else ""
    return f"{point}khoản {facts.clause} Điều {facts.article} {law}"


def _bases(articles: tuple[int, ...], rng: random.Random) -> str:
    listed = [str(a) for a in articles]
    if len(listed) == 1:
        return f"Căn cứ Điều {listed[0]} Bộ luật Tố tụng hình sự;"
    joined = ", ".join(listed[:-1]) + " và " + listed[-1]
    return f"Căn cứ {rng.choice(('các Điều', 'các điều'))} {joined} Bộ luật Tố tụng hình sự;"


def _person_lines(person: Accused, rng: random.Random, *, record: bool) -> list[str]:
    sex = "Nam" if person.gender == "male" else "Nữ"
    birth = (
        f"Sinh {_date_phrase(person.birth, rng)}"
        if person.full_birth_date
        else f"Sinh năm {person.birth.year}"
    )
    if record:
        return [
            f"Họ tên: {person.name}; Giới tính: {sex}",
            "Tên gọi khác: Không",
            f"{birth} tại {rng.choice(tuple(vocabulary.PROVINCES.values()))}",
            "Quốc tịch: Việt Nam; Dân tộc: Kinh; Tôn giáo: Không",
            f"Nghề nghiệp: {vocabulary.position(rng)}",
        ]
    return [
        f"{person.name}, {birth[0].lower()}{birth[1:]}; giới tính: {sex}; nghề "
        f"nghiệp: {vocabulary.position(rng)}."
    ]


def _persons_truth(facts: Facts) -> tuple[tuple[str, int | None], ...]:
    return tuple((p.name, p.birth.year) for p in facts.accused)


def _signature(facts: Facts, chief: str, rng: random.Random) -> tuple[str, ...]:
    if rng.random() < 0.5:
        return (chief, "(Ký tên, đóng dấu)", facts.signer)
    return (f"KT. {chief}", f"PHÓ {chief}", "(Ký tên, đóng dấu)", facts.signer)


Builder = Callable[[random.Random], tuple[FormDocument, DecisionTruth]]


def _document(
    facts: Facts,
    number: str,
    title: tuple[str, ...],
    authority: str,
    bases: tuple[str, ...],
    body: list[str],
    chief: str,
    rng: random.Random,
    *,
    form: str,
    recipients: tuple[str, ...] = ("Nơi nhận:", "- Như trên;", "- Lưu: HS, VT."),
) -> FormDocument:
    return FormDocument(
        form=form,
        issuer_lines=facts.body.header,
        number_line=f"Số: {number}",
        place_date_line=facts.place_line,
        left_extra=(),
        title=title,
        preamble=(authority,),
        legal_bases=bases,
        body=tuple(body),
        recipients=recipients,
        signature=_signature(facts, chief, rng),
    )


def _truth(
    facts: Facts, event_type: EventType, number: str, bases: tuple[int, ...], **fields: object
) -> DecisionTruth:
    values: dict[str, object] = {
        "event_type": event_type.value,
        "doc_number": number,
        "signed_on": facts.signed_on,
        "place": facts.place_line.split(",")[0],
        "issuer": facts.body.name,
        "legal_basis": bases,
        "persons": (),
        "charges": ((facts.article, facts.clause),),
        "months": None,
        "days": None,
        "detention_from": None,
        "detention_to": None,
        "case_title": None,
    }
    values.update(fields)
    return DecisionTruth(**values)  # type: ignore[arg-type]


def _police_number(facts: Facts, symbol: str, rng: random.Random) -> str:
    unit = rng.choice(("CSĐT", "CSKT", "PC03", "ĐCSKT"))
    if rng.random() < 0.2:
        return f"{facts.number}/{facts.signed_on.year}/{symbol}-{unit}"
    return f"{facts.number:02d}/{symbol}-{unit}"


def _vks_number(facts: Facts, symbol: str, rng: random.Random) -> str:
    unit = rng.choice(("VKS-P1", "VKS-P3", "VKS-P9", "VKSKV1", "VKS"))
    return f"{facts.number:02d}/{symbol}-{unit}"


def _chief_police(facts: Facts) -> str:
    return "THỦ TRƯỞNG"


def _authority(facts: Facts) -> str:
    if facts.body.kind == "investigation":
        return f"THỦ TRƯỞNG {facts.body.name.upper()}"
    if facts.body.kind == "procuracy":
        return f"VIỆN TRƯỞNG {facts.body.name.upper()}"
    return facts.body.name.upper()


def case_initiated(rng: random.Random) -> tuple[FormDocument, DecisionTruth]:
    facts = _facts(rng, "investigation")
    number = _police_number(facts, "QĐ", rng)
    articles = (36, 143, 153, 154) if rng.random() < 0.7 else (36, 143, 153, 154, 155)
    body = [
        f"Xét thấy có dấu hiệu của tội {facts.crime} quy định tại {_charge(facts, rng)},",
        "QUYẾT ĐỊNH:",
        f"Khởi tố vụ án hình sự {facts.case_title}.",
        f"Tội danh: {facts.crime}, quy định tại {_charge(facts, rng)}.",
    ]
    document = _document(
        facts,
        number,
        ("QUYẾT ĐỊNH", "KHỞI TỐ VỤ ÁN HÌNH SỰ"),
        _authority(facts),
        (_bases(articles, rng),),
        body,
        "THỦ TRƯỞNG",
        rng,
        form="TT 119/2021/TT-BCA mẫu số 27",
    )
    return document, _truth(
        facts, EventType.CASE_INITIATED, number, articles, case_title=facts.case_title
    )


def suspect_charged(rng: random.Random) -> tuple[FormDocument, DecisionTruth]:
    facts = _facts(rng, "investigation")
    number = _police_number(facts, "QĐ", rng)
    articles = (36, 179)
    earlier = facts.signed_on - dt.timedelta(days=rng.randint(5, 60))
    bases = (
        _bases(articles, rng),
        f"Căn cứ Quyết định khởi tố vụ án hình sự số {rng.randint(1, 99)}/QĐ-CSĐT "
        f"{_date_phrase(earlier, rng)} của {facts.body.name} về vụ án hình sự {facts.case_title};",
    )
    record = rng.random() < 0.6
    body = ["QUYẾT ĐỊNH:", "Khởi tố bị can đối với:"]
    for index, person in enumerate(facts.accused, start=1):
        lines = _person_lines(person, rng, record=record)
        body += [f"{index}. {lines[0]}", *lines[1:]] if len(facts.accused) > 1 else lines
    body.append(f'về tội "{facts.crime}" quy định tại {_charge(facts, rng)}.')
    document = _document(
        facts,
        number,
        ("QUYẾT ĐỊNH", "KHỞI TỐ BỊ CAN"),
        _authority(facts),
        bases,
        body,
        "THỦ TRƯỞNG",
        rng,
        form="TT 119/2021/TT-BCA, khởi tố bị can",
    )
    return document, _truth(
        facts,
        EventType.SUSPECT_CHARGED,
        number,
        articles,
        persons=_persons_truth(facts),
        case_title=facts.case_title,
    )


def _named_accused(facts: Facts, rng: random.Random) -> str:
    def birth(person: Accused) -> str:
        if person.full_birth_date:
            return _date_phrase(person.birth, rng)
        return f"năm {person.birth.year}"

    return "; ".join(f"{p.name}, sinh {birth(p)}" for p in facts.accused)


def charging_approved(rng: random.Random) -> tuple[FormDocument, DecisionTruth]:
    facts = _facts(rng, "procuracy")
    number = _vks_number(facts, "QĐ", rng)
    articles = (41, 179)
    charged = facts.signed_on - dt.timedelta(days=rng.randint(1, 3))
    bases = (
        "Căn cứ Điều 41 và khoản 4 Điều 179 Bộ luật Tố tụng hình sự;",
        f"Xét Quyết định khởi tố bị can số {rng.randint(1, 99)}/QĐ-CSĐT "
        f"{_date_phrase(charged, rng)} "
        f"của {facts.police} đối với bị can {_named_accused(facts, rng)} về tội "
        f'"{facts.crime}" theo {_charge(facts, rng)} là có căn cứ,',
    )
    body = ["QUYẾT ĐỊNH:", f"Phê chuẩn Quyết định khởi tố bị can nêu trên của {facts.police}."]
    document = _document(
        facts,
        number,
        ("QUYẾT ĐỊNH", "PHÊ CHUẨN QUYẾT ĐỊNH KHỞI TỐ BỊ CAN"),
        _authority(facts),
        bases,
        body,
        "VIỆN TRƯỞNG",
        rng,
        form="QĐ 15/QĐ-VKSTC, phê chuẩn quyết định khởi tố bị can",
    )
    return document, _truth(
        facts, EventType.SUSPECT_CHARGING_APPROVED, number, articles, persons=_persons_truth(facts)
    )


def investigation_extended(rng: random.Random) -> tuple[FormDocument, DecisionTruth]:
    facts = _facts(rng, "procuracy")
    number = _vks_number(facts, "QĐ", rng)
    months = rng.choice((2, 3, 4))
    start = facts.signed_on + dt.timedelta(days=rng.randint(1, 9))
    end = _add_months(start, months) - dt.timedelta(days=1)
    length = (
        f"{months:02d} tháng"
        if rng.random() < 0.6
        else f"{months:02d} ({['', 'một', 'hai', 'ba', 'bốn'][months]}) tháng"
    )
    bases = (
        "Căn cứ Điều 41 và Điều 172 Bộ luật Tố tụng hình sự;",
        f"Xét văn bản đề nghị gia hạn thời hạn điều tra số {rng.randint(1, 300)}/CV-CSĐT "
        f"{_date_phrase(facts.signed_on, rng)} của {facts.police};",
        f"Xét thấy vụ án có tính chất phức tạp, tội phạm quy định tại {_charge(facts, rng)},",
    )
    body = [
        "QUYẾT ĐỊNH:",
        f"1. Gia hạn thời hạn điều tra vụ án hình sự {facts.case_title}.",
        f"2. Thời hạn gia hạn điều tra lần thứ {rng.choice(('nhất', 'hai'))} là "
        f"{length}, kể từ {_date_phrase(start, rng)} đến {_date_phrase(end, rng)}.",
    ]
    document = _document(
        facts,
        number,
        ("QUYẾT ĐỊNH", "GIA HẠN THỜI HẠN ĐIỀU TRA VỤ ÁN HÌNH SỰ"),
        _authority(facts),
        bases,
        body,
        "VIỆN TRƯỞNG",
        rng,
        form="QĐ 15/QĐ-VKSTC, gia hạn thời hạn điều tra",
    )
    return document, _truth(
        facts,
        EventType.INVESTIGATION_EXTENDED,
        number,
        (41, 172),
        months=months,
        case_title=facts.case_title,
    )


def _one(facts: Facts) -> Facts:
    return Facts(**{**facts.__dict__, "accused": facts.accused[:1]})


def detention_ordered(rng: random.Random) -> tuple[FormDocument, DecisionTruth]:
    facts = _one(_facts(rng, "investigation"))
    number = _police_number(facts, "LTG", rng)
    person = facts.accused[0]
    start = facts.signed_on
    in_days = rng.random() < 0.25
    count = rng.choice((20, 30, 45)) if in_days else rng.choice((2, 3, 4))
    end = (
        start + dt.timedelta(days=count - 1)
        if in_days
        else _add_months(start, count) - dt.timedelta(days=1)
    )
    unit = "ngày" if in_days else "tháng"
    articles = (113, 119, 173)
    body = [
        f"Tạm giam: {_person_lines(person, rng, record=False)[0]}",
        f'Bị khởi tố về tội "{facts.crime}" quy định tại {_charge(facts, rng)}.',
        f"Thời hạn tạm giam là {count:02d} {unit}, kể từ {_date_phrase(start, rng)} "
        f"đến {_date_phrase(end, rng)}.",
        f"Tại: Trại tạm giam Công an tỉnh {facts.body.place}.",
    ]
    document = _document(
        facts,
        number,
        ("LỆNH TẠM GIAM",),
        _authority(facts),
        (_bases(articles, rng),),
        body,
        "THỦ TRƯỞNG",
        rng,
        form="TT 119/2021/TT-BCA, lệnh tạm giam",
    )
    return document, _truth(
        facts,
        EventType.DETENTION_ORDERED,
        number,
        articles,
        persons=_persons_truth(facts),
        months=None if in_days else count,
        days=count if in_days else None,
        detention_from=start,
        detention_to=end,
    )


def detention_extended(rng: random.Random) -> tuple[FormDocument, DecisionTruth]:
    facts = _one(_facts(rng, "procuracy"))
    number = _vks_number(facts, "QĐ", rng)
    months = rng.choice((1, 2, 3, 4))
    start = facts.signed_on + dt.timedelta(days=rng.randint(1, 5))
    end = _add_months(start, months) - dt.timedelta(days=1)
    bases = (
        "Căn cứ Điều 41 và Điều 173 Bộ luật Tố tụng hình sự;",
        f"Xét đề nghị gia hạn tạm giam của {facts.police} đối với bị can bị khởi "
        f'tố về tội "{facts.crime}" theo {_charge(facts, rng)};',
    )
    body = [
        "QUYẾT ĐỊNH:",
        f"Gia hạn thời hạn tạm giam lần thứ nhất đối với bị can {_named_accused(facts, rng)}.",
        f"Thời hạn gia hạn tạm giam là {months:02d} tháng, kể từ {_date_phrase(start, rng)} "
        f"đến {_date_phrase(end, rng)}.",
    ]
    document = _document(
        facts,
        number,
        ("QUYẾT ĐỊNH", "GIA HẠN THỜI HẠN TẠM GIAM"),
        _authority(facts),
        bases,
        body,
        "VIỆN TRƯỞNG",
        rng,
        form="QĐ 15/QĐ-VKSTC, gia hạn thời hạn tạm giam",
    )
    return document, _truth(
        facts,
        EventType.DETENTION_EXTENDED,
        number,
        (41, 173),
        persons=_persons_truth(facts),
        months=months,
        detention_from=start,
        detention_to=end,
    )


def expertise_requested(rng: random.Random) -> tuple[FormDocument, DecisionTruth]:
    facts = _facts(rng, "investigation")
    number = _police_number(facts, "QĐ", rng)
    articles = (205, 206, 208)
    due = facts.signed_on + dt.timedelta(days=rng.randint(20, 60))
    bases = (
        _bases(articles, rng),
        f"Để phục vụ công tác điều tra vụ án hình sự {facts.case_title};",
    )
    body = [
        "QUYẾT ĐỊNH:",
        f"Trưng cầu: Phân viện Khoa học hình sự tại {facts.body.place} tiến hành giám định.",
        "Đối tượng cần giám định: hồ sơ, chứng từ kế toán thu giữ trong vụ án.",
        "Nội dung yêu cầu giám định: xác định thiệt hại do hành vi quy định tại "
        f"{_charge(facts, rng)} gây ra.",
        f"Thời hạn trả kết luận giám định: trước {_date_phrase(due, rng)}.",
    ]
    document = _document(
        facts,
        number,
        ("QUYẾT ĐỊNH", "TRƯNG CẦU GIÁM ĐỊNH"),
        _authority(facts),
        bases,
        body,
        "THỦ TRƯỞNG",
        rng,
        form="TT 119/2021/TT-BCA, trưng cầu giám định",
    )
    return document, _truth(
        facts, EventType.EXPERTISE_REQUESTED, number, articles, case_title=facts.case_title
    )


def investigation_suspended(rng: random.Random) -> tuple[FormDocument, DecisionTruth]:
    facts = _facts(rng, "investigation")
    number = _police_number(facts, "QĐ", rng)
    articles = (229,)
    reason = rng.choice(
        (
            "Đã trưng cầu giám định nhưng chưa có kết quả mà đã hết thời hạn điều tra.",
            "Chưa xác định được bị can mà đã hết thời hạn điều tra vụ án.",
            "Đã yêu cầu định giá tài sản nhưng chưa có kết quả mà đã hết thời hạn điều tra.",
        )
    )
    body = [
        f'Xét thấy vụ án về tội "{facts.crime}" quy định tại {_charge(facts, rng)} '
        "có căn cứ tạm đình chỉ,",
        "QUYẾT ĐỊNH:",
        f"Tạm đình chỉ điều tra vụ án hình sự {facts.case_title}.",
        f"Lý do: {reason}",
    ]
    document = _document(
        facts,
        number,
        ("QUYẾT ĐỊNH", "TẠM ĐÌNH CHỈ ĐIỀU TRA VỤ ÁN HÌNH SỰ"),
        _authority(facts),
        (_bases(articles, rng),),
        body,
        "THỦ TRƯỞNG",
        rng,
        form="TT 119/2021/TT-BCA, tạm đình chỉ điều tra vụ án hình sự",
    )
    return document, _truth(
        facts, EventType.INVESTIGATION_SUSPENDED, number, articles, case_title=facts.case_title
    )


def investigation_concluded(rng: random.Random) -> tuple[FormDocument, DecisionTruth]:
    facts = _facts(rng, "investigation")
    number = _police_number(facts, "KLĐT", rng)
    articles = (232,)
    body = [f"Vụ án: {facts.case_title}.", "Bị can trong vụ án gồm:"]
    for person in facts.accused:
        body += _person_lines(person, rng, record=True)
    body += [
        "KẾT LUẬN:",
        f'Có đủ căn cứ kết luận các bị can đã phạm tội "{facts.crime}" quy định '
        f"tại {_charge(facts, rng)}.",
        "Chuyển hồ sơ vụ án đến Viện kiểm sát cùng cấp đề nghị truy tố.",
    ]
    document = _document(
        facts,
        number,
        ("BẢN KẾT LUẬN ĐIỀU TRA VỤ ÁN HÌNH SỰ", "ĐỀ NGHỊ TRUY TỐ"),
        "",
        (_bases(articles, rng),),
        body,
        "THỦ TRƯỞNG",
        rng,
        form="TT 119/2021/TT-BCA, bản kết luận điều tra đề nghị truy tố",
    )
    return document, _truth(
        facts,
        EventType.INVESTIGATION_CONCLUDED,
        number,
        articles,
        persons=_persons_truth(facts),
        case_title=facts.case_title,
    )


def indicted(rng: random.Random) -> tuple[FormDocument, DecisionTruth]:
    facts = _facts(rng, "procuracy")
    number = _vks_number(facts, "CT", rng)
    articles = (236, 239, 240, 241, 242, 243)
    concluded = facts.signed_on - dt.timedelta(days=rng.randint(10, 40))
    bases = (
        _bases(articles, rng),
        f"Căn cứ Bản kết luận điều tra số {rng.randint(1, 99)}/KLĐT-CSĐT "
        f"{_date_phrase(concluded, rng)} "
        f"của {facts.police};",
    )
    body = []
    for person in facts.accused:
        body.append(
            f"Bị can {_named_accused(Facts(**{**facts.__dict__, 'accused': (person,)}), rng)} "
            f"tại {rng.choice(tuple(vocabulary.PROVINCES.values()))}; nghề nghiệp: "
            f"{vocabulary.position(rng)}."
        )
    body += [
        "QUYẾT ĐỊNH:",
        "Truy tố ra trước Tòa án nhân dân có thẩm quyền để xét xử các bị can nêu "
        f'trên về tội "{facts.crime}" theo {_charge(facts, rng)}.',
    ]
    document = _document(
        facts,
        number,
        ("CÁO TRẠNG",),
        _authority(facts),
        bases,
        body,
        "VIỆN TRƯỞNG",
        rng,
        form="QĐ 15/QĐ-VKSTC, cáo trạng",
    )
    return document, _truth(
        facts, EventType.INDICTED, number, articles, persons=_persons_truth(facts)
    )


def returned(rng: random.Random) -> tuple[FormDocument, DecisionTruth]:
    facts = _facts(rng, "procuracy")
    number = _vks_number(facts, "QĐ", rng)
    articles = (41, 174, 245)
    bases = (
        "Căn cứ Điều 41, Điều 174 và Điều 245 Bộ luật Tố tụng hình sự;",
        f'Xét hồ sơ vụ án đối với bị can {_named_accused(facts, rng)} về tội "{facts.crime}" '
        f"theo {_charge(facts, rng)};",
    )
    body = [
        "QUYẾT ĐỊNH:",
        f"1. Trả hồ sơ vụ án hình sự {facts.case_title}.",
        f"2. Cơ quan nhận hồ sơ để điều tra bổ sung: {facts.police}.",
        "3. Những vấn đề cần điều tra bổ sung: làm rõ thiệt hại và trách nhiệm của từng bị can.",
    ]
    document = _document(
        facts,
        number,
        ("QUYẾT ĐỊNH", "TRẢ HỒ SƠ VỤ ÁN ĐỂ ĐIỀU TRA BỔ SUNG"),
        _authority(facts),
        bases,
        body,
        "VIỆN TRƯỞNG",
        rng,
        form="QĐ 15/QĐ-VKSTC, trả hồ sơ để điều tra bổ sung",
    )
    return document, _truth(
        facts,
        EventType.RETURNED_FOR_ADDITIONAL_INVESTIGATION,
        number,
        articles,
        persons=_persons_truth(facts),
        case_title=facts.case_title,
    )


def trial_scheduled(rng: random.Random) -> tuple[FormDocument, DecisionTruth]:
    facts = _facts(rng, "court")
    number = f"{facts.number:02d}/{facts.signed_on.year}/QĐXXST-HS"
    articles = (255, 277, 286)
    hearing = facts.signed_on + dt.timedelta(days=rng.randint(3, 15))
    accepted = facts.signed_on - dt.timedelta(days=rng.randint(5, 30))
    bases = (
        "Căn cứ vào các điều 255, 277 và 286 của Bộ luật Tố tụng hình sự;",
        "Sau khi nghiên cứu hồ sơ vụ án hình sự sơ thẩm thụ lý số "
        f"{rng.randint(1, 200)}/{accepted.year}/TLST-HS "
        f"{_date_phrase(accepted, rng)},",
    )
    body = ["QUYẾT ĐỊNH:", "1. Đưa ra xét xử sơ thẩm vụ án hình sự đối với các bị cáo:"]
    body += [f"- {p.name}, sinh năm {p.birth.year};" for p in facts.accused]
    body += [
        f'Bị Viện kiểm sát truy tố về tội "{facts.crime}" theo {_charge(facts, rng)}.',
        f"2. Thời gian mở phiên tòa: 08 giờ 00 phút, {_date_phrase(hearing, rng)}.",
        f"3. Địa điểm mở phiên tòa: trụ sở {facts.body.name}.",
    ]
    document = _document(
        facts,
        number,
        ("QUYẾT ĐỊNH", "ĐƯA VỤ ÁN RA XÉT XỬ"),
        "",
        bases,
        body,
        "THẨM PHÁN - CHỦ TỌA PHIÊN TÒA",
        rng,
        form="NQ 05/2017/NQ-HĐTP, quyết định đưa vụ án ra xét xử sơ thẩm",
    )
    return document, _truth(
        facts,
        EventType.TRIAL_SCHEDULED,
        number,
        articles,
        persons=tuple((p.name, p.birth.year) for p in facts.accused),
    )


def first_instance_judgment(rng: random.Random) -> tuple[FormDocument, DecisionTruth]:
    facts = _facts(rng, "court")
    number = f"{facts.number:02d}/{facts.signed_on.year}/HS-ST"
    day = facts.signed_on
    indicted_on = day - dt.timedelta(days=rng.randint(20, 60))
    years = rng.randint(2, 20)
    body = [
        f"Ngày {day.day:02d} tháng {day.month} năm {day.year}, tại trụ sở {facts.body.name} "
        "xét xử sơ thẩm công khai vụ án hình sự đối với các bị cáo:",
    ]
    body += [
        f"{p.name}, sinh năm {p.birth.year}; nơi cư trú: "
        f"{vocabulary.place(rng, rng.choice(tuple(vocabulary.PROVINCES)))}."
        for p in facts.accused
    ]
    body += [
        "NỘI DUNG VỤ ÁN:",
        f"Tại bản Cáo trạng số {rng.randint(1, 99)}/CT-VKS {_date_phrase(indicted_on, rng)}, "
        f'Viện kiểm sát truy tố các bị cáo về tội "{facts.crime}" theo {_charge(facts, rng)}.',
        "QUYẾT ĐỊNH:",
        f"Căn cứ khoản {facts.clause} Điều {facts.article}; điểm s khoản 1 Điều "
        "51; Điều 38 Bộ luật Hình sự;",
        f"Xử phạt bị cáo {facts.accused[0].name} {years:02d} năm tù, thời hạn tù "
        "tính từ ngày bắt thi hành án.",
        "Căn cứ Điều 331 và Điều 333 Bộ luật Tố tụng hình sự: các bị cáo có quyền "
        "kháng cáo trong thời hạn 15 ngày kể từ ngày tuyên án.",
    ]
    document = FormDocument(
        form="NQ 05/2017/NQ-HĐTP mẫu số 27-HS",
        issuer_lines=facts.body.header,
        number_line=f"Bản án số: {number}",
        place_date_line="",
        left_extra=(f"Ngày: {day.day}-{day.month}-{day.year}",),
        title=(),
        preamble=("NHÂN DANH", "NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", facts.body.name.upper()),
        legal_bases=(),
        body=tuple(body),
        recipients=("Nơi nhận:", "- VKS cùng cấp;", "- Lưu hồ sơ vụ án."),
        signature=("TM. HỘI ĐỒNG XÉT XỬ", "THẨM PHÁN - CHỦ TỌA PHIÊN TÒA", facts.signer),
    )
    return document, _truth(
        facts,
        EventType.FIRST_INSTANCE_JUDGMENT,
        number,
        (331, 333),
        place=None,
        persons=tuple((p.name, p.birth.year) for p in facts.accused),
    )


BUILDERS: tuple[Builder, ...] = (
    case_initiated,
    suspect_charged,
    charging_approved,
    investigation_extended,
    detention_ordered,
    detention_extended,
    expertise_requested,
    investigation_suspended,
    investigation_concluded,
    indicted,
    returned,
    trial_scheduled,
    first_instance_judgment,
)


def corpus(seed: int, count: int) -> list[Sample]:
    """``count`` decisions, every kind in turn, each in one of the two text layouts."""
    rng = random.Random(seed)
    samples = []
    for index in range(count):
        document, truth = BUILDERS[index % len(BUILDERS)](rng)
        layout = rng.choice(tuple(Layout))
        samples.append(Sample(document, layout, render_text(document, layout), truth))
    return samples
