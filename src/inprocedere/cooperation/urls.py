from django.urls import path

from .views import conferences, consultations, meetings

app_name = "cooperation"

urlpatterns = [
    path("consultations/", consultations.consultation_list, name="consultation_list"),
    path(
        "consultations/new/<int:case_pk>/",
        consultations.consultation_create,
        name="consultation_create",
    ),
    path("consultations/<int:pk>/", consultations.consultation_detail, name="consultation_detail"),
    path("cases/", conferences.case_picker, name="case_picker"),
    path("conferences/", conferences.conference_list, name="conference_list"),
    path("conferences/new/<int:case_pk>/", conferences.conference_create, name="conference_create"),
    path("conferences/<int:pk>/", conferences.conference_detail, name="conference_detail"),
    path("conferences/<int:pk>/edit/", conferences.conference_edit, name="conference_edit"),
    path(
        "conferences/<int:pk>/minutes.pdf",
        conferences.conference_minutes_pdf,
        name="conference_minutes_pdf",
    ),
    path("conferences/<int:pk>/calendar.ics", conferences.conference_ics, name="conference_ics"),
    path("action-items/", conferences.my_action_items, name="my_action_items"),
    path("action-items/<int:pk>/done/", conferences.action_item_done, name="action_item_done"),
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/minutes.pdf", meetings.meeting_minutes_pdf, name="meeting_minutes_pdf"),
    path("meetings/<int:pk>/calendar.ics", meetings.meeting_ics, name="meeting_ics"),
    path(
        "meetings/<int:pk>/materials/<int:material_pk>/",
        meetings.material_download,
        name="material_download",
    ),
    path("calendar/", meetings.calendar, name="calendar"),
    path("calendar/links/", meetings.feed_list, name="feed_list"),
    path("calendar/feed/<str:token>.ics", meetings.feed, name="feed"),
]
