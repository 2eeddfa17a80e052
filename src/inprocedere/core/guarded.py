"""Fail-closed managers for organisation-owned personal data (issue 4, POLICY.md).

`Model.objects` of a guarded model builds queries as usual but refuses to run them
until the access policy has narrowed them (`policy.visible`), so a forgotten check
raises instead of leaking. System code that must see every row (reports, background
tasks, the demo, import and export) says so explicitly with `Model.unrestricted`, which
is easy to find in review (`grep -rn unrestricted`).

Django's own machinery (related managers, model-form uniqueness checks, the deletion
collector) uses the model's default manager; guarded models name `unrestricted` as
their default manager, because that machinery always starts from a record that was
itself read through the policy.
"""

from django.db import models


class UnscopedQuery(RuntimeError):
    """Personal data were queried without the access policy deciding what is visible."""


class GuardedQuerySet(models.QuerySet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._policy_cleared = False

    def _clone(self):
        clone = super()._clone()
        clone._policy_cleared = self._policy_cleared
        return clone

    def policy_cleared(self):
        """This query, marked as decided by the access policy (only `policy.visible`
        and the unrestricted manager call this)."""
        clone = self._chain()
        clone._policy_cleared = True
        return clone

    def _guard(self):
        if not self._policy_cleared:
            raise UnscopedQuery(
                f"{self.model._meta.label} holds personal data: query it through "
                "policy.visible(user, queryset, permission), or, in system code, through "
                f"{self.model.__name__}.unrestricted."
            )

    def _fetch_all(self):
        if self._result_cache is None:
            self._guard()
        super()._fetch_all()

    def count(self):
        if self._result_cache is None:
            self._guard()
        return super().count()

    def exists(self):
        if self._result_cache is None:
            self._guard()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._guard()
        return super().aggregate(*args, **kwargs)

    def iterator(self, *args, **kwargs):
        self._guard()
        return super().iterator(*args, **kwargs)

    def update(self, **kwargs):
        self._guard()
        return super().update(**kwargs)

    update.alters_data = True

    def delete(self):
        self._guard()
        return super().delete()

    delete.alters_data = True


class _UnrestrictedMixin:
    def get_queryset(self):
        return super().get_queryset().policy_cleared()


def guarded_managers(queryset_class=GuardedQuerySet):
    """(objects, unrestricted) for a model: the guarded manager and the explicit bypass."""
    guarded = models.Manager.from_queryset(queryset_class)
    unrestricted = type(f"Unrestricted{guarded.__name__}", (_UnrestrictedMixin, guarded), {})
    return guarded(), unrestricted()
