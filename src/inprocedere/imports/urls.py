from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<uuid:pk>/", views.run_detail, name="run_detail"),
    path("<uuid:pk>/import/", views.run_commit, name="run_commit"),
    path("<uuid:pk>/discard/", views.run_discard, name="run_discard"),
]
