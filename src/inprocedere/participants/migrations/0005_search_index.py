"""Search that an index answers (participants.lookup): a trigram GIN index over the folded
search text on PostgreSQL, an FTS5 table with the trigram tokenizer on SQLite (filled
here from the existing texts, then kept by the search-text refresher); and an index in
the register's order (family name, given names, id) so an unfiltered page is an index
scan, not a sort of everyone."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

FTS = "participants_search"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS participants_search_trgm "
            "ON participants_participant USING gin (search_text gin_trgm_ops)"
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(search_text, tokenize='trigram')"
        )
        schema_editor.execute(
            f"INSERT INTO {FTS} (rowid, search_text) "
            "SELECT id, search_text FROM participants_participant"
        )


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS participants_search_trgm")
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")


class Migration(migrations.Migration):
    dependencies = [("participants", "0004_participant_merged_into")]

    operations = [
        TrigramExtension(),  # does nothing on other databases
        migrations.RunPython(forward, backward),
        migrations.AddIndex(
            model_name="participant",
            index=models.Index(
                fields=["family_name", "given_names", "id"], name="participants_name_order"
            ),
        ),
    ]
