from django.urls import path

from .views import conferences, consultations, meetings

app_name = "cooperation"


def _appointment_pages(plural: str, noun: str, views) -> list:
    """The pages every kind of appointment has: list, page, edit, minutes, calendar entry."""
    return [
        path(f"{plural}/", getattr(views, f"{noun}_list"), name=f"{noun}_list"),
        path(f"{plural}/<int:pk>/", getattr(views, f"{noun}_detail"), name=f"{noun}_detail"),
        path(f"{plural}/<int:pk>/edit/", getattr(views, f"{noun}_edit"), name=f"{noun}_edit"),
        path(
            f"{plural}/<int:pk>/minutes.pdf",
            getattr(views, f"{noun}_minutes_pdf"),
            name=f"{noun}_minutes_pdf",
        ),
        path(f"{plural}/<int:pk>/calendar.ics", getattr(views, f"{noun}_ics"), name=f"{noun}_ics"),
    ]


urlpatterns = [
    path("consultations/", consultations.consultation_list, name="consultation_list"),
    path(
        "consultations/new/<int:case_pk>/",
        consultations.consultation_create,
        name="consultation_create",
    ),
    path("consultations/<int:pk>/", consultations.consultation_detail, name="consultation_detail"),
    path("cases/", conferences.case_picker, name="case_picker"),
    path("conferences/new/<int:case_pk>/", conferences.conference_create, name="conference_create"),
    *_appointment_pages("conferences", "conference", conferences),
    path("action-items/", conferences.my_action_items, name="my_action_items"),
    path("action-items/<int:pk>/done/", conferences.action_item_done, name="action_item_done"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    *_appointment_pages("meetings", "meeting", meetings),
    path(
        "meetings/<int:pk>/materials/<int:material_pk>/",
        meetings.material_download,
        name="material_download",
    ),
    path("calendar/", meetings.calendar, name="calendar"),
    path("calendar/links/", meetings.feed_list, name="feed_list"),
    path("calendar/feed/<str:token>.ics", meetings.feed, name="feed"),
]
