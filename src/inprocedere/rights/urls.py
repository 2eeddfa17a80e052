from django.urls import path

from . import views

app_name = "rights"

urlpatterns = [
    path("", views.dpo_home, name="dpo_home"),
    path("retention/", views.retention_due, name="retention_due"),
    path("retention/erase/", views.erasure_run_start, name="erasure_run_start"),
    path("participants/<int:pk>/", views.participant, name="participant"),
    path("participants/<int:pk>/access-log/", views.access_log, name="access_log"),
    path("participants/<int:pk>/access-log.csv", views.access_log_csv, name="access_log_csv"),
    path("participants/<int:pk>/access-log.xlsx", views.access_log_xlsx, name="access_log_xlsx"),
    path(
        "participants/<int:pk>/subject-access/",
        views.subject_access_view,
        name="subject_access",
    ),
    path("participants/<int:pk>/erase/", views.erase, name="erase"),
    path("participants/<int:pk>/pseudonymise/", views.pseudonymise, name="pseudonymise"),
]
