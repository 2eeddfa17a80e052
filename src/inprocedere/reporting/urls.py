from django.urls import path

from . import views, views_jobs, views_network

app_name = "reporting"

urlpatterns = [
    path("esf/", views.esf_report, name="esf"),
    path("esf/participants/", views.esf_participants, name="esf_participants"),
    path("esf/export/", views.esf_export, name="esf_export"),
    path("figures/", views_network.figures_page, name="figures"),
    path("figures/export/", views_network.figures_export, name="figures_export"),
    path("figures/participants/", views_network.figure_participants, name="figure_participants"),
    path("cooperation/", views_network.monitor_page, name="monitor"),
    path("cooperation/export/", views_network.monitor_export, name="monitor_export"),
    path("downloads/<uuid:pk>/", views_jobs.export_job, name="export_job"),
    path("downloads/<uuid:pk>/file/", views_jobs.export_job_file, name="export_job_file"),
]
