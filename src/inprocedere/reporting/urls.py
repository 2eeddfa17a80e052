from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("esf/", views.esf_report, name="esf"),
    path("esf/participants/", views.esf_participants, name="esf_participants"),
    path("esf/export/", views.esf_export, name="esf_export"),
]
