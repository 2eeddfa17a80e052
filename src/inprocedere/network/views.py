"""Placeholder: filled in by the directory UI work."""

from django.http import HttpResponse


def directory(request, *args, **kwargs):
    return HttpResponse(status=501)


def organisation_detail(request, *args, **kwargs):
    return HttpResponse(status=501)


def organisation_edit(request, *args, **kwargs):
    return HttpResponse(status=501)


def organisation_list(request, *args, **kwargs):
    return HttpResponse(status=501)


def person_create(request, *args, **kwargs):
    return HttpResponse(status=501)


def person_detail(request, *args, **kwargs):
    return HttpResponse(status=501)


def person_edit(request, *args, **kwargs):
    return HttpResponse(status=501)


def person_list(request, *args, **kwargs):
    return HttpResponse(status=501)


def position_create(request, *args, **kwargs):
    return HttpResponse(status=501)


def position_detail(request, *args, **kwargs):
    return HttpResponse(status=501)


def position_edit(request, *args, **kwargs):
    return HttpResponse(status=501)


def position_holders(request, *args, **kwargs):
    return HttpResponse(status=501)
