from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("participant/<int:pk>/new/", views.consent_create, name="consent_create"),
    path("participant/<int:pk>/form/", views.consent_form_page, name="consent_form"),
    path("participant/<int:pk>/form.pdf", views.consent_form_pdf, name="consent_form_pdf"),
    path("<int:pk>/", views.consent_detail, name="consent_detail"),
    path("<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/scan/", views.consent_scan, name="consent_scan"),
]
