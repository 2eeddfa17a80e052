from django.conf import settings


def site(request):
    return {"DEMO": settings.DEMO}
