"""Placeholder: filled in by the directory UI work."""

from django.http import HttpResponse


def person_vcard(request, *args, **kwargs):
    return HttpResponse(status=501)


def phone_list_csv(request, *args, **kwargs):
    return HttpResponse(status=501)


def phone_list_pdf(request, *args, **kwargs):
    return HttpResponse(status=501)


def phone_list_vcard(request, *args, **kwargs):
    return HttpResponse(status=501)


def phone_list_xlsx(request, *args, **kwargs):
    return HttpResponse(status=501)


def position_vcard(request, *args, **kwargs):
    return HttpResponse(status=501)
