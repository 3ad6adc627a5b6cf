"""The demo accounts. They exist only when demo data is loaded: a production
database gets no default account."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from phoihop.agencies.models import Agency
from phoihop.domain.access.classification import Classification
from phoihop.domain.organisation import Role


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    agency_code: str
    role: Role
    clearance: Classification
    superuser: bool = False
    title: str = ""  # the post a signature block writes


DEMO_ACCOUNTS = (
    DemoAccount("noichinh.ag", "Trần Minh Khoa", "AG-NC", Role.COORDINATOR, Classification.SECRET),
    DemoAccount(
        "lanhdao.noichinh.ag",
        "Phan Văn Lãnh",
        "AG-NC",
        Role.LEADER,
        Classification.SECRET,
        title="Trưởng ban",
    ),
    DemoAccount("baochi.ag", "Mai Thu Trang", "AG-NC", Role.PRESS, Classification.CONFIDENTIAL),
    DemoAccount(
        "bcd.ag",
        "Lê Văn Thành",
        "AG-BCD",
        Role.LEADER,
        Classification.SECRET,
        title="Phó Trưởng ban",
    ),
    DemoAccount(
        "dieutra.ag", "Nguyễn Hữu Phước", "AG-CSDT", Role.OFFICER, Classification.CONFIDENTIAL
    ),
    DemoAccount(
        "kiemsat.ag", "Phạm Thị Ngọc Hân", "AG-VKS", Role.OFFICER, Classification.CONFIDENTIAL
    ),
    DemoAccount("toaan.ag", "Huỳnh Quốc Bảo", "AG-TA", Role.OFFICER, Classification.CONFIDENTIAL),
    DemoAccount(
        "noichinh.tw", "Đỗ Thanh Hải", "TW-NC", Role.COORDINATOR, Classification.TOP_SECRET
    ),
    DemoAccount(
        "lanhdao.noichinh.tw",
        "Ngô Thị Minh Thư",
        "TW-NC",
        Role.LEADER,
        Classification.TOP_SECRET,
        title="Phó Trưởng ban",
    ),
    DemoAccount(
        "giamdinh.ag", "Đặng Thị Kim Liên", "AG-PY", Role.OFFICER, Classification.CONFIDENTIAL
    ),
    DemoAccount("dieutra.hn", "Vũ Đức Anh", "HN-CSDT", Role.OFFICER, Classification.CONFIDENTIAL),
    DemoAccount(
        "admin", "Quản trị hệ thống", "TW-NC", Role.ADMIN, Classification.TOP_SECRET, superuser=True
    ),
)


def demo_users_create() -> list[str]:
    """Create or refresh the demo accounts with the demo password."""
    User = get_user_model()
    agencies = {
        a.code: a for a in Agency.objects.filter(code__in={d.agency_code for d in DEMO_ACCOUNTS})
    }
    with transaction.atomic():
        for account in DEMO_ACCOUNTS:
            user, _ = User.objects.get_or_create(username=account.username)
            user.full_name = account.full_name
            user.title = account.title
            user.agency = agencies[account.agency_code]
            user.role = account.role.value
            user.clearance = int(account.clearance)
            user.is_staff = user.is_superuser = account.superuser
            user.set_password(settings.PHOIHOP_DEMO_PASSWORD)
            user.save()
    return [a.username for a in DEMO_ACCOUNTS]
