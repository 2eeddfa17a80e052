from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "inprocedere.api"
    label = "inprocedere_api"
