from django.urls import path

from . import views

app_name = "participants"

urlpatterns = [
    path("", views.participant_list, name="participant_list"),
    path("new/", views.participant_create, name="participant_create"),
    path("<int:pk>/", views.participant_detail, name="participant_detail"),
    path("<int:pk>/edit/", views.participant_edit, name="participant_edit"),
    path("<int:pk>/aliases/new/", views.alias_create, name="alias_create"),
    path("<int:pk>/aliases/<int:record_pk>/delete/", views.alias_delete, name="alias_delete"),
    path("<int:pk>/identifiers/new/", views.external_id_create, name="external_id_create"),
    path("<int:pk>/residence/new/", views.residence_create, name="residence_create"),
    path("<int:pk>/residence/<int:record_pk>/edit/", views.residence_edit, name="residence_edit"),
    path("<int:pk>/benefits/new/", views.benefit_create, name="benefit_create"),
    path("<int:pk>/benefits/<int:record_pk>/edit/", views.benefit_edit, name="benefit_edit"),
    path("<int:pk>/work-permits/new/", views.work_permit_create, name="work_permit_create"),
    path(
        "<int:pk>/work-permits/<int:record_pk>/edit/",
        views.work_permit_edit,
        name="work_permit_edit",
    ),
]
