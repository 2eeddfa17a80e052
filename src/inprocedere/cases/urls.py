from django.urls import path

from . import summary_views
from .views import case, choosers, measures, referrals, work

app_name = "cases"

urlpatterns = [
    path("work/", work.my_work, name="my_work"),
    path("referrals/", work.referral_list, name="referral_list"),
    path("referrals/new/", referrals.referral_create, name="referral_create"),
    path("referrals/<int:pk>/", referrals.referral_detail, name="referral_detail"),
    path("cases/", work.case_list, name="case_list"),
    path("cases/overview/", work.case_overview, name="case_overview"),
    path("cases/<int:pk>/", case.case_detail, name="case_detail"),
    path("cases/<int:pk>/timeline/", case.case_timeline, name="case_timeline"),
    path("cases/<int:pk>/edit/", case.case_edit, name="case_edit"),
    path("people/<int:pk>/summary/", summary_views.person_summary, name="person_summary"),
    path("measures/", measures.measure_list, name="measure_list"),
    path("measures/new/", measures.measure_create, name="measure_create"),
    path("choose/<str:kind>/", choosers.choose, name="choose"),
]
