from django.urls import path

from . import summary_views, views

app_name = "cases"

urlpatterns = [
    path("work/", views.my_work, name="my_work"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/new/", views.referral_create, name="referral_create"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/overview/", views.case_overview, name="case_overview"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/timeline/", views.case_timeline, name="case_timeline"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("people/<int:pk>/summary/", summary_views.person_summary, name="person_summary"),
    path("measures/", views.measure_list, name="measure_list"),
    path("measures/new/", views.measure_create, name="measure_create"),
]
