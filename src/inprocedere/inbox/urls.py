from django.urls import path

from . import views

app_name = "inbox"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("count/", views.count, name="count"),
    path("items/<int:pk>/done/", views.item_done, name="item_done"),
    path("settings/", views.email_settings, name="email_settings"),
]
