"""Vietnamese vocabulary for deterministic demo data.

Standard library only. Every function takes a `random.Random`, so one seed gives the same
data on every machine; the module's data are tuples and read-only mappings, never sets,
whose order would vary.

Everything here is invented for demonstration: people, companies, banks and case titles
are fictitious, and any likeness to a real person, company or case is coincidence. The
crime names are those of the Penal Code 2015 (LEGAL.md §2.2–§2.3, [PD-HS]); place names
are ordinary commune and ward names, not an authoritative list of the 2025 units.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Literal

from phoihop.domain.fields import CASE_FIELDS

Gender = Literal["male", "female"]
GENDERS: tuple[Gender, ...] = ("male", "female")

# (surname, weight). Weights are rough shares of the population in percent, after the
# commonly cited estimates (Nguyễn about 38%, Trần 11%, Lê 9.5%, Phạm 7%...); Hoàng/Huỳnh
# and Vũ/Võ are the northern and southern forms of one name and share its weight.
SURNAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 38.0),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.0),
    ("Hoàng", 3.0),
    ("Huỳnh", 2.1),
    ("Phan", 4.5),
    ("Vũ", 2.0),
    ("Võ", 1.9),
    ("Đặng", 2.1),
    ("Bùi", 2.0),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1.0),
    ("Lý", 0.5),
    ("Đinh", 0.4),
    ("Đào", 0.4),
    ("Đoàn", 0.4),
    ("Trịnh", 0.4),
    ("Trương", 0.4),
    ("Mai", 0.3),
    ("Lương", 0.3),
    ("Lâm", 0.3),
    ("Cao", 0.3),
    ("Hà", 0.3),
    ("Lưu", 0.2),
    ("Tạ", 0.2),
    ("Châu", 0.2),
    ("Thái", 0.2),
    ("Tô", 0.1),
    ("Quách", 0.1),
    ("Phùng", 0.1),
    ("Kiều", 0.1),
    ("Triệu", 0.1),
)

MIDDLE_NAMES: Mapping[Gender, tuple[tuple[str, float], ...]] = MappingProxyType(
    {
        "male": (
            ("Văn", 30.0),
            ("Minh", 8.0),
            ("Hữu", 6.0),
            ("Đức", 6.0),
            ("Quốc", 6.0),
            ("Thanh", 6.0),
            ("Công", 5.0),
            ("Đình", 4.0),
            ("Quang", 4.0),
            ("Ngọc", 3.0),
            ("Xuân", 3.0),
            ("Hoàng", 3.0),
            ("Trung", 3.0),
            ("Tấn", 3.0),
            ("Anh", 3.0),
            ("Thành", 3.0),
            ("Duy", 2.0),
            ("Mạnh", 2.0),
            ("Trọng", 2.0),
            ("Bá", 1.0),
        ),
        "female": (
            ("Thị", 35.0),
            ("Ngọc", 8.0),
            ("Thu", 6.0),
            ("Thanh", 6.0),
            ("Kim", 5.0),
            ("Minh", 4.0),
            ("Mỹ", 4.0),
            ("Hồng", 4.0),
            ("Bích", 3.0),
            ("Phương", 3.0),
            ("Thúy", 3.0),
            ("Thùy", 3.0),
            ("Diệu", 2.0),
            ("Khánh", 2.0),
            ("Hoài", 2.0),
            ("Quỳnh", 2.0),
            ("Bảo", 2.0),
            ("Cẩm", 2.0),
        ),
    }
)

# fmt: off
GIVEN_NAMES: Mapping[Gender, tuple[str, ...]] = MappingProxyType(
    {
        "male": (
            "Anh", "Bảo", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Đông", "Hải", "Hiếu",
            "Hiệp", "Hoàng", "Hùng", "Hưng", "Huy", "Khang", "Khánh", "Khoa", "Lâm", "Lộc",
            "Long", "Luân", "Mạnh", "Minh", "Nam", "Nghĩa", "Nhân", "Phong", "Phúc", "Quân",
            "Quang", "Sang", "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thịnh", "Thuận", "Tín",
            "Toàn", "Trí", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ",
        ),
        "female": (
            "Anh", "Châu", "Chi", "Diệp", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền",
            "Hoa", "Hồng", "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "My",
            "Nga", "Ngân", "Ngọc", "Nhung", "Oanh", "Phượng", "Phương", "Quyên", "Tâm",
            "Thảo", "Thoa", "Thu", "Thủy", "Trâm", "Trang", "Trinh", "Tuyết", "Uyên", "Vân",
            "Xuân", "Yến",
        ),
    }
)
# fmt: on

# (position, held only before the reform). District-level posts ended with the district
# level on 1 July 2025 (LEGAL.md §5), so they only appear as "nguyên ..." (former).
POSITIONS: tuple[tuple[str, bool], ...] = (
    ("Chủ tịch UBND tỉnh", False),
    ("Phó Chủ tịch UBND tỉnh", False),
    ("Chủ tịch UBND xã", False),
    ("Phó Chủ tịch UBND xã", False),
    ("Chủ tịch UBND phường", False),
    ("Công chức địa chính - xây dựng UBND xã", False),
    ("Kế toán UBND xã", False),
    ("Chủ tịch UBND huyện", True),
    ("Phó Chủ tịch UBND huyện", True),
    ("Trưởng phòng Tài nguyên và Môi trường huyện", True),
    ("Trưởng phòng Tài chính - Kế hoạch huyện", True),
    ("Giám đốc Sở Tài nguyên và Môi trường", True),
    ("Phó Giám đốc Sở Tài nguyên và Môi trường", True),
    ("Giám đốc Sở Kế hoạch và Đầu tư", True),
    ("Giám đốc Sở Nông nghiệp và Môi trường", False),
    ("Phó Giám đốc Sở Nông nghiệp và Môi trường", False),
    ("Giám đốc Sở Tài chính", False),
    ("Giám đốc Sở Xây dựng", False),
    ("Giám đốc Sở Y tế", False),
    ("Phó Giám đốc Sở Y tế", False),
    ("Giám đốc Sở Giáo dục và Đào tạo", False),
    ("Giám đốc Ban Quản lý dự án đầu tư xây dựng tỉnh", False),
    ("Phó Giám đốc Ban Quản lý dự án đầu tư xây dựng tỉnh", False),
    ("Giám đốc Văn phòng Đăng ký đất đai tỉnh", False),
    ("Giám đốc Trung tâm Phát triển quỹ đất tỉnh", False),
    ("Giám đốc Bệnh viện Đa khoa tỉnh", False),
    ("Kế toán trưởng Bệnh viện Đa khoa tỉnh", False),
    ("Giám đốc Trung tâm Kiểm soát bệnh tật tỉnh", False),
    ("Hiệu trưởng Trường Trung học phổ thông", False),
    ("Trưởng phòng Tín dụng Ngân hàng TMCP Phúc Hưng Việt, chi nhánh tỉnh", False),
    ("Giám đốc Phòng giao dịch Ngân hàng TMCP Đông Hải Sơn", False),
    ("Cán bộ tín dụng Quỹ tín dụng nhân dân", False),
    ("Chi cục trưởng Chi cục Hải quan cửa khẩu", False),
    ("Đội trưởng Đội Kiểm soát hải quan", False),
    ("Trưởng Thuế cơ sở", False),
    ("Chi cục trưởng Chi cục Thuế khu vực", True),
    ("Giám đốc Trung tâm Đăng kiểm xe cơ giới", False),
    ("Giám đốc Bảo hiểm xã hội tỉnh", False),
    ("Thanh tra viên Thanh tra tỉnh", False),
    ("Giám đốc Công ty TNHH một thành viên Khai thác công trình thủy lợi tỉnh", False),
    ("Chủ tịch Hội đồng quản trị công ty cổ phần", False),
    ("Giám đốc công ty trách nhiệm hữu hạn", False),
)

# Field of the case (Case.field): the product's vocabulary, phoihop.domain.fields.
FIELDS = CASE_FIELDS

# Where a case of each field happens: a body, project or site that reads after "tại";
# {place} is a commune with its province.
VENUES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "land": (
            "UBND {place}",
            "dự án khu dân cư ở {place}",
            "Hội đồng bồi thường, hỗ trợ, tái định cư dự án ở {place}",
            "Chi nhánh Văn phòng Đăng ký đất đai ở {place}",
        ),
        "banking": (
            "chi nhánh Ngân hàng TMCP Phúc Hưng Việt ở {place}",
            "Quỹ tín dụng nhân dân {place}",
            "phòng giao dịch Ngân hàng TMCP Đông Hải Sơn ở {place}",
        ),
        "procurement": (
            "gói thầu mua sắm thiết bị ở {place}",
            "gói thầu xây lắp trường học ở {place}",
            "Ban Quản lý dự án đầu tư xây dựng khu vực {place}",
        ),
        "public_investment": (
            "Ban Quản lý dự án đầu tư xây dựng khu vực {place}",
            "dự án đầu tư công ở {place}",
            "dự án nâng cấp đường giao thông ở {place}",
        ),
        "construction": (
            "công trình trụ sở làm việc ở {place}",
            "dự án kè chống sạt lở ở {place}",
            "Phòng Kinh tế, Hạ tầng và Đô thị UBND {place}",
        ),
        "health": (
            "Trung tâm Y tế khu vực {place}",
            "Bệnh viện Đa khoa khu vực {place}",
            "Trạm Y tế {place}",
        ),
        "education": (
            "các trường học ở {place}",
            "Trường Trung học phổ thông ở {place}",
            "Trường Tiểu học và Trung học cơ sở ở {place}",
        ),
        "natural_resources": (
            "mỏ cát lòng sông ở {place}",
            "mỏ đá xây dựng ở {place}",
            "các điểm khai thác khoáng sản ở {place}",
        ),
        "tax": (
            "cơ quan thuế quản lý {place}",
            "các doanh nghiệp được hoàn thuế giá trị gia tăng ở {place}",
        ),
        "customs": (
            "cửa khẩu quốc tế ở {place}",
            "Hải quan cửa khẩu ở {place}",
        ),
        "public_assets": (
            "UBND {place}",
            "khu đất công ở {place}",
        ),
        "budget": (
            "UBND {place}",
            "Phòng Kinh tế UBND {place}",
        ),
        "vehicle_inspection": (
            "Trung tâm Đăng kiểm xe cơ giới ở {place}",
            "các trung tâm đăng kiểm ở {place}",
        ),
        "social_insurance": (
            "Bảo hiểm xã hội cơ sở {place}",
            "cơ quan bảo hiểm xã hội ở {place}",
        ),
        "national_programmes": (
            "các công trình nông thôn mới ở {place}",
            "các công trình nước sạch nông thôn ở {place}",
        ),
    }
)

# Penal Code 2015 crime names (LEGAL.md §2.2–§2.3), as they appear after "Tội".
CRIMES: Mapping[int, str] = MappingProxyType(
    {
        174: "lừa đảo chiếm đoạt tài sản",
        175: "lạm dụng tín nhiệm chiếm đoạt tài sản",
        206: "vi phạm quy định về hoạt động ngân hàng, hoạt động khác liên quan đến hoạt động "
        "ngân hàng",
        219: "vi phạm quy định về quản lý, sử dụng tài sản Nhà nước gây thất thoát, lãng phí",
        220: "vi phạm quy định về quản lý và sử dụng vốn đầu tư công gây hậu quả nghiêm trọng",
        221: "vi phạm quy định về kế toán gây hậu quả nghiêm trọng",
        222: "vi phạm quy định về đấu thầu gây hậu quả nghiêm trọng",
        223: "thông đồng, bao che cho người nộp thuế gây hậu quả nghiêm trọng",
        224: "vi phạm quy định về đầu tư công trình xây dựng gây hậu quả nghiêm trọng",
        353: "tham ô tài sản",
        354: "nhận hối lộ",
        355: "lạm dụng chức vụ, quyền hạn chiếm đoạt tài sản",
        356: "lợi dụng chức vụ, quyền hạn trong khi thi hành công vụ",
        357: "lạm quyền trong khi thi hành công vụ",
        358: "lợi dụng chức vụ, quyền hạn gây ảnh hưởng đối với người khác để trục lợi",
        359: "giả mạo trong công tác",
        360: "thiếu trách nhiệm gây hậu quả nghiêm trọng",
        364: "đưa hối lộ",
        365: "môi giới hối lộ",
        366: "lợi dụng ảnh hưởng đối với người có chức vụ, quyền hạn để trục lợi",
    }
)

CORRUPTION_ARTICLES: tuple[int, ...] = (353, 354, 355, 356, 357, 358, 359)

# Two thirds of the corruption templates and half of the others say "tham nhũng", so
# at least a third of any mix of titles does. {crime} is lower case, {Crime} capitalised.
_CORRUPTION_TITLES: tuple[str, ...] = (
    'Vụ án "{Crime}" xảy ra tại {venue}',
    "Vụ án {crime} xảy ra tại {venue}",
    'Vụ án tham nhũng "{Crime}" xảy ra tại {venue}',
    "Vụ án tham nhũng, tiêu cực xảy ra tại {venue} (tội {crime})",
    "Vụ án tham nhũng tại {venue}: tội {crime}",
    "Vụ án {crime} liên quan đến tham nhũng tại {venue}",
)
_OTHER_TITLES: tuple[str, ...] = (
    'Vụ án "{Crime}" xảy ra tại {venue}',
    "Vụ án {crime} tại {venue}",
    "Vụ án {crime} có dấu hiệu tham nhũng tại {venue}",
    "Vụ án {crime} liên quan đến vụ án tham nhũng tại {venue}",
)
_MATTER_TITLES: tuple[str, ...] = (
    "Vụ việc có dấu hiệu tham nhũng tại {venue}",
    "Vụ việc có dấu hiệu vi phạm pháp luật, tham nhũng, lãng phí tại {venue}",
    "Vụ việc phản ánh sai phạm tại {venue}",
)

# Province code (phoihop/data/provinces.json) → how a place names it.
PROVINCES: Mapping[str, str] = MappingProxyType(
    {
        "HN": "thành phố Hà Nội",
        "HUE": "thành phố Huế",
        "LCH": "tỉnh Lai Châu",
        "DB": "tỉnh Điện Biên",
        "SL": "tỉnh Sơn La",
        "LS": "tỉnh Lạng Sơn",
        "QNI": "tỉnh Quảng Ninh",
        "TH": "tỉnh Thanh Hóa",
        "NA": "tỉnh Nghệ An",
        "HT": "tỉnh Hà Tĩnh",
        "CB": "tỉnh Cao Bằng",
        "TQ": "tỉnh Tuyên Quang",
        "LCA": "tỉnh Lào Cai",
        "TN": "tỉnh Thái Nguyên",
        "PT": "tỉnh Phú Thọ",
        "BN": "tỉnh Bắc Ninh",
        "HY": "tỉnh Hưng Yên",
        "HP": "thành phố Hải Phòng",
        "NB": "tỉnh Ninh Bình",
        "QT": "tỉnh Quảng Trị",
        "DN": "thành phố Đà Nẵng",
        "QNG": "tỉnh Quảng Ngãi",
        "GL": "tỉnh Gia Lai",
        "KH": "tỉnh Khánh Hòa",
        "LD": "tỉnh Lâm Đồng",
        "DL": "tỉnh Đắk Lắk",
        "HCM": "Thành phố Hồ Chí Minh",
        "DNA": "tỉnh Đồng Nai",
        "TNI": "tỉnh Tây Ninh",
        "CT": "thành phố Cần Thơ",
        "VL": "tỉnh Vĩnh Long",
        "DT": "tỉnh Đồng Tháp",
        "CM": "tỉnh Cà Mau",
        "AG": "tỉnh An Giang",
    }
)

# Communes, wards and special zones by province; the rest draw from GENERIC_COMMUNES.
# fmt: off
COMMUNES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "AG": (
            "phường Long Xuyên", "phường Bình Đức", "phường Mỹ Thới", "phường Châu Đốc",
            "phường Tân Châu", "phường Tịnh Biên", "phường Rạch Giá", "phường Hà Tiên",
            "xã Mỹ Hòa Hưng", "xã Chợ Mới", "xã Châu Phú", "xã Tri Tôn", "xã Ba Chúc",
            "xã Óc Eo", "xã Thoại Sơn", "xã Phú Tân", "xã An Phú", "xã Kiên Lương",
            "xã Hòn Đất", "xã Giồng Riềng", "xã Gò Quao", "xã Vĩnh Thuận", "xã An Biên",
            "xã Tân Hiệp", "đặc khu Phú Quốc", "đặc khu Kiên Hải", "đặc khu Thổ Châu",
        ),
        "HN": (
            "phường Hoàn Kiếm", "phường Ba Đình", "phường Cửa Nam", "phường Đống Đa",
            "phường Hai Bà Trưng", "phường Tây Hồ", "phường Cầu Giấy", "phường Thanh Xuân",
            "phường Hoàng Mai", "phường Long Biên", "phường Hà Đông", "phường Láng",
            "xã Sóc Sơn", "xã Đông Anh", "xã Gia Lâm", "xã Thanh Trì", "xã Ba Vì",
            "xã Phúc Thọ", "xã Đan Phượng", "xã Hoài Đức", "xã Quốc Oai", "xã Thạch Thất",
            "xã Chương Mỹ", "xã Thường Tín", "xã Phú Xuyên", "xã Ứng Hòa", "xã Mỹ Đức",
        ),
        "HCM": (
            "phường Sài Gòn", "phường Bến Thành", "phường Chợ Lớn", "phường Thủ Đức",
            "phường Tân Định", "phường Bàn Cờ", "phường Gia Định", "phường Bình Thạnh",
            "phường Gò Vấp", "phường Tân Bình", "phường Phú Nhuận", "phường Thủ Dầu Một",
            "phường Dĩ An", "phường Thuận An", "phường Vũng Tàu", "phường Bà Rịa",
            "xã Củ Chi", "xã Hóc Môn", "xã Bình Chánh", "xã Nhà Bè", "xã Cần Giờ",
            "đặc khu Côn Đảo",
        ),
    }
)
# fmt: on
# fmt: off
GENERIC_COMMUNES: tuple[str, ...] = (
    "phường Quang Trung", "phường Tân Thành", "phường Hòa Bình", "phường Bình Minh",
    "phường Đông Hòa", "phường Nam Thành", "xã Tân Phú", "xã Phú Lộc", "xã Thanh Sơn",
    "xã Hưng Thịnh", "xã Phước Hòa", "xã Tây Sơn", "xã Đồng Tâm", "xã Quảng Phú",
    "xã Vĩnh Hòa", "xã Mỹ Lộc", "xã An Thạnh", "xã Tân Lập", "xã Hòa Thuận", "xã Kim Sơn",
)
# fmt: on

COMPANY_FORMS: tuple[str, ...] = (
    "Công ty TNHH",
    "Công ty TNHH một thành viên",
    "Công ty cổ phần",
    "Doanh nghiệp tư nhân",
    "Tổng công ty",
)
COMPANY_TRADES: tuple[str, ...] = (
    "Xây dựng",
    "Đầu tư và Phát triển",
    "Thương mại - Dịch vụ",
    "Thiết bị y tế",
    "Khoáng sản",
    "Bất động sản",
    "Tư vấn xây dựng",
    "Vật tư nông nghiệp",
    "Công nghệ giáo dục",
    "Vận tải",
)
# fmt: off
COMPANY_NAMES: tuple[str, ...] = (
    "Phú Thịnh Phát", "Hưng Long An", "Thành Đạt Tiến", "Đại Phát Lộc", "Minh Khang Việt",
    "Tân Hoàng Gia", "Sao Mai Bắc", "Trường Sơn Hải", "Kim Ngân Phúc", "An Bình Tâm",
    "Hoàng Long Nam", "Đông Dương Mới", "Vạn Xuân Hưng", "Thái Bình Dương Xanh",
)
# fmt: on


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, float]]) -> str:
    names = [name for name, _ in pairs]
    weights = [weight for _, weight in pairs]
    return rng.choices(names, weights=weights, k=1)[0]


def person_name(rng: random.Random, gender: Gender | None = None) -> str:
    """A full name, surname first: "Nguyễn Văn Hùng", "Trần Thị Thu Hà"."""
    if gender is None:
        gender = rng.choice(GENDERS)
    if gender not in GENDERS:
        raise ValueError(f"unknown gender {gender!r}; use one of {GENDERS}")
    surname = _weighted(rng, SURNAMES)
    middle = [_weighted(rng, MIDDLE_NAMES[gender])]
    if gender == "female" and middle[0] == "Thị" and rng.random() < 0.25:
        # "Nguyễn Thị Thu Hà": Thị is often followed by a second middle name
        second = _weighted(rng, MIDDLE_NAMES["female"])
        if second != "Thị":
            middle.append(second)
    given = rng.choice(GIVEN_NAMES[gender])
    while given in middle:
        given = rng.choice(GIVEN_NAMES[gender])
    return " ".join([surname, *middle, given])


def position(rng: random.Random) -> str:
    """An official or business position; posts that ended with the reform come as
    "nguyên ..." (former), and about a fifth of the others too."""
    title, before_reform = rng.choice(POSITIONS)
    former = rng.random() < 0.2
    return f"nguyên {title}" if before_reform or former else title


def commune(rng: random.Random, province_code: str) -> str:
    """A commune, ward or special zone of the province: "xã Mỹ Hòa Hưng"."""
    if province_code not in PROVINCES:
        raise ValueError(f"unknown province code {province_code!r}")
    return rng.choice(COMMUNES.get(province_code, GENERIC_COMMUNES))


def place(rng: random.Random, province_code: str) -> str:
    """A commune with its province: "xã Mỹ Hòa Hưng, tỉnh An Giang"."""
    return f"{commune(rng, province_code)}, {PROVINCES[province_code]}"


def company_name(rng: random.Random) -> str:
    """An invented company: "Công ty cổ phần Xây dựng Phú Thịnh Phát"."""
    form = rng.choice(COMPANY_FORMS)
    trade = rng.choice(COMPANY_TRADES)
    name = rng.choice(COMPANY_NAMES)
    return f"{form} {trade} {name}"


def venue(rng: random.Random, field_code: str, place: str) -> str:
    """A body, project or site of the field at the place: "dự án khu dân cư ở xã ..."."""
    if field_code not in VENUES:
        raise ValueError(f"unknown field {field_code!r}; use one of {tuple(FIELDS)}")
    return rng.choice(VENUES[field_code]).format(place=place)


def case_title(rng: random.Random, article: int, field_code: str, place: str) -> str:
    """The title of a criminal case under the Penal Code article, in the field, at the
    place: 'Vụ án tham nhũng "Tham ô tài sản" xảy ra tại Trung tâm Y tế khu vực ...'.

    Every title names the crime; corruption articles (353–359) say "tham nhũng" in two
    titles out of three, the others in one out of two."""
    if article not in CRIMES:
        raise ValueError(f"no crime name for article {article}; use one of {tuple(CRIMES)}")
    crime = CRIMES[article]
    templates = _CORRUPTION_TITLES if article in CORRUPTION_ARTICLES else _OTHER_TITLES
    template = rng.choice(templates)
    return template.format(
        crime=crime,
        Crime=crime[0].upper() + crime[1:],
        venue=venue(rng, field_code, place),
    )


def matter_title(rng: random.Random, field_code: str, place: str) -> str:
    """The title of a matter (vụ việc) still under verification or inspection."""
    return rng.choice(_MATTER_TITLES).format(venue=venue(rng, field_code, place))
