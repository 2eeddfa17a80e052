from django.contrib import admin
from django.urls import include, path

from inprocedere.accounts import views as accounts_views
from inprocedere.api.urls import api
from inprocedere.core import views as core_views

urlpatterns = [
    path("", accounts_views.home, name="home"),
    path("health", core_views.health, name="health"),
    path("accounts/", include("inprocedere.accounts.urls")),
    path("directory/", include("inprocedere.network.urls")),
    path("participants/", include("inprocedere.participants.urls")),
    path("consents/", include("inprocedere.privacy.urls")),
    path("", include("inprocedere.cases.urls")),
    path("reports/", include("inprocedere.reporting.urls")),
    path("imports/", include("inprocedere.imports.urls")),
    path("cooperation/", include("inprocedere.cooperation.urls")),
    path("inbox/", include("inprocedere.inbox.urls")),
    path("data-protection/", include("inprocedere.rights.urls")),
    path("duplicates/", include("inprocedere.duplicates.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "inprocedere.core.views.bad_request"
handler403 = "inprocedere.core.views.permission_denied"
handler404 = "inprocedere.core.views.page_not_found"
handler500 = "inprocedere.core.views.server_error"
