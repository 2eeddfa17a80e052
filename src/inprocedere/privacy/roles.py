"""The registered vocabulary of roles. Roles are granted through positions, never to people."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASE_WORKER = "case_worker", _("Case worker")
    TEAM_LEAD = "team_lead", _("Team lead")
    AUTHORITY_OFFICER = "authority_officer", _("Authority officer")
    JOBCENTRE_OFFICER = "jobcentre_officer", _("Job-centre officer")
    COORDINATOR = "coordinator", _("Coordinator")
    MINISTRY_READER = "ministry_reader", _("Ministry reader")
    DPO = "dpo", _("Data-protection officer")
    ADMINISTRATOR = "administrator", _("Administrator")


ALL_ROLES = frozenset(Role.values)
