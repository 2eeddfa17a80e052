"""Words for the access log's codes in templates (privacy.log_labels)."""

from django import template

from inprocedere.privacy import log_labels

register = template.Library()


@register.filter
def category_labels(codes) -> str:
    return log_labels.categories_label(codes)


@register.filter
def purpose_label(code) -> str:
    return log_labels.purpose_label(code)


@register.filter
def basis_label(basis) -> str:
    return log_labels.basis_label(basis)
