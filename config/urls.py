from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from phoihop.accounts import two_factor_views
from phoihop.core.api import api

urlpatterns = [
    path("", include("phoihop.cases.urls")),
    path("clocks/", include("phoihop.clocks.urls")),
    path("coordination/", include("phoihop.coordination.urls")),
    path("overview/", include("phoihop.reports.urls")),
    path("documents/", include("phoihop.coordination.documents")),
    path("publicity/", include("phoihop.publicity.urls")),
    path("public/", include("phoihop.publicity.public_urls")),
    path("jobs/", include("phoihop.jobs.urls")),
    path("api/v1/", api.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", two_factor_views.two_factor_setup, name="two_factor_setup"),
    path("accounts/two-factor/code/", two_factor_views.two_factor_verify, name="two_factor_verify"),
    path(
        "accounts/two-factor/backup-codes/",
        two_factor_views.backup_codes_renew,
        name="backup_codes_renew",
    ),
    path("accounts/", include("phoihop.accounts.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

# Errors inside the application, with the menu and a way back (phoihop.core.error_views);
# the 500 page is templates/500.html, which needs neither the database nor the request.
handler400 = "phoihop.core.error_views.bad_request"
handler403 = "phoihop.core.error_views.permission_denied"
handler404 = "phoihop.core.error_views.page_not_found"
