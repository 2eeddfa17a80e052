from django.urls import path

from . import export_views, search_views, turnover_views, views

app_name = "network"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("search/", search_views.search, name="search"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<slug:slug>/positions/new/", views.position_create, name="position_create"),
    path("positions/<int:pk>/", views.position_detail, name="position_detail"),
    path("positions/<int:pk>/edit/", views.position_edit, name="position_edit"),
    path("positions/<int:pk>/holders/", views.position_holders, name="position_holders"),
    path("positions/<int:pk>/vcard.vcf", export_views.position_vcard, name="position_vcard"),
    path("vacancies/", turnover_views.vacancies, name="vacancies"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/vcard.vcf", export_views.person_vcard, name="person_vcard"),
    path("phone-list.pdf", export_views.phone_list_pdf, name="phone_list_pdf"),
    path("phone-list.csv", export_views.phone_list_csv, name="phone_list_csv"),
    path("phone-list.xlsx", export_views.phone_list_xlsx, name="phone_list_xlsx"),
    path("phone-list.vcf", export_views.phone_list_vcard, name="phone_list_vcard"),
]
