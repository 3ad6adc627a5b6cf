"""The import template: one row per procedural decision; the rows of one case share
its key (national case code, or the agency's own case number, or for a case already in
the record its number there). The case's header columns are read from its first row;
later rows may leave them blank.

The words for the case's coded fields are said once, here: the import reads them (with
the other spellings parse.py accepts) and the case list's export writes them, so an
export goes back through the import as it is."""

from __future__ import annotations

from dataclasses import dataclass

from phoihop.domain.errors import InvalidInput


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    help: str
    example: str


COLUMNS = (
    Column(
        "national_code",
        "Mã vụ án quốc gia",
        False,
        "Mã do hệ thống quốc gia cấp, nếu đã có. Cần mã này hoặc số hồ sơ của cơ quan.",
        "",
    ),
    Column(
        "external_id",
        "Số hồ sơ của cơ quan",
        False,
        "Số hồ sơ trong phần mềm hoặc sổ của cơ quan nhập; cùng số = cùng vụ án.",
        "HS-2026-0042",
    ),
    Column(
        "record",
        "Số hồ sơ dùng chung",
        False,
        "Số của vụ án trong hồ sơ dùng chung, dạng #1234, như tệp xuất danh sách vụ án "
        "ghi; chỉ để nhận ra vụ án đã có, không mở vụ án mới. Để trống với vụ án mới.",
        "",
    ),
    Column("kind", "Loại hồ sơ", True, "Vụ án hoặc Vụ việc.", "Vụ án"),
    Column(
        "title",
        "Tên vụ án, vụ việc",
        True,
        "Tối đa 300 ký tự.",
        "Vụ án vi phạm quy định về đấu thầu tại Sở Y tế tỉnh An Giang",
    ),
    Column("province", "Tỉnh, thành phố", True, "Tên hoặc mã trong danh mục (AG).", "An Giang"),
    Column("field", "Lĩnh vực", False, "Ví dụ: đất đai, ngân hàng, đấu thầu.", "đấu thầu"),
    Column(
        "classification",
        "Độ mật",
        False,
        "Thường, Mật, Tối mật hoặc Tuyệt mật; để trống là Thường.",
        "Thường",
    ),
    Column(
        "monitoring",
        "Theo dõi, chỉ đạo",
        False,
        "Không, Ban Chỉ đạo cấp tỉnh hoặc Ban Chỉ đạo Trung ương; để trống là Không.",
        "Không",
    ),
    Column(
        "agencies",
        "Cơ quan phối hợp",
        False,
        "Mã cơ quan trong danh mục, cách nhau bằng dấu chấm phẩy.",
        "AG-VKS; AG-TA",
    ),
    Column(
        "decision",
        "Quyết định",
        True,
        "Tên quyết định như trên trang vụ án, hoặc mã của nó.",
        "Khởi tố vụ án",
    ),
    Column("date", "Ngày quyết định", True, "Dạng dd/mm/yyyy.", "05/01/2026"),
    Column(
        "date_known",
        "Ngày biết đến",
        False,
        "Để trống nếu biết đúng ngày; «tháng» nếu chỉ biết tháng (ghi một ngày bất kỳ của "
        "tháng); «trước ngày» nếu chỉ biết quyết định đã có không muộn hơn ngày ghi.",
        "",
    ),
    Column(
        "issuer",
        "Cơ quan ra quyết định",
        False,
        "Để trống nếu cơ quan nhập ra quyết định; nếu không, mã cơ quan tiền thân đã ra "
        "quyết định mà cơ quan nhập kế thừa (ví dụ HCM-TA-CU).",
        "",
    ),
    Column("doc_number", "Số quyết định", False, "Tối đa 80 ký tự.", "42/QĐ-CSĐT"),
    Column(
        "charges",
        "Điều, khoản",
        False,
        "Điều.khoản Bộ luật Hình sự, cách nhau bằng dấu phẩy (353.3, 354.2).",
        "353.3",
    ),
    Column("months", "Số tháng", False, "Với quyết định gia hạn: số tháng (1–12).", ""),
    Column("days", "Số ngày", False, "Với quyết định gia hạn: số ngày (1–90).", ""),
    Column("note", "Ghi chú", False, "Tối đa 2000 ký tự.", ""),
)

BY_HEADER = {column.header: column for column in COLUMNS}
BY_KEY = {column.key: column for column in COLUMNS}
CASE_COLUMNS = ("kind", "title", "province", "field", "classification", "monitoring", "agencies")
KEY_COLUMNS = ("national_code", "external_id", "record")
# The column a rejects file adds; ignored on reading, so the corrected file goes back as is.
REJECTS_REASON = "Lý do không nhập"
# The columns the case list's export adds after the template's: derived from the
# decisions (or the clocks), never entered, so the import reads past them.
EXPORT_ONLY = ("Giai đoạn", "Loại tội", "Ngày mở hồ sơ", "Hạn gần nhất")
IGNORED_HEADERS = (REJECTS_REASON, *EXPORT_ONLY)

KIND_WORDS = {"criminal_case": "Vụ án", "matter": "Vụ việc"}
CLASSIFICATION_WORDS = {0: "Thường", 1: "Mật", 2: "Tối mật", 3: "Tuyệt mật"}
MONITORING_WORDS = {
    "none": "Không",
    "provincial": "Ban Chỉ đạo cấp tỉnh",
    "central": "Ban Chỉ đạo Trung ương",
}
DATE_KNOWN_WORDS = {"day": "", "month": "tháng", "before": "trước ngày"}
# A case already in the record, named by its number there: "#1234".
RECORD_PREFIX = "#"


def record_key(case_id: int) -> str:
    return f"{RECORD_PREFIX}{case_id}"


def missing_header(keys: list[str]) -> InvalidInput:
    """A case's first row without a header column a case cannot be opened without."""
    return InvalidInput(
        "Không mở được vụ án: thiếu "
        + ", ".join(f"“{BY_KEY[key].header}”" for key in keys)
        + " ở dòng đầu tiên của vụ án.",
        field=keys[0],
    )
