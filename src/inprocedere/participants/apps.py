from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "inprocedere.participants"
    label = "participants"
    verbose_name = _("Participants")

    def ready(self):
        from inprocedere.core import derived

        from .lookup import refresh_search_index
        from .search import refresh_search_text_of

        # First: other apps' derived data (duplicate keys) read the folded names.
        derived.register("participants.search_text", refresh_search_text_of, order=10)
        # Then the SQLite FTS table copies the texts (nothing to do on PostgreSQL).
        derived.register("participants.search_index", refresh_search_index, order=11)
