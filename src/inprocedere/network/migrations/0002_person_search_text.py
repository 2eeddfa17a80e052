"""The folded name of the directory's people, so "Mueller" finds "Müller" there too."""

from django.db import migrations, models

from inprocedere.network.text import fold


def fill(apps, schema_editor):
    Person = apps.get_model("network", "Person")
    people = list(Person.objects.only("pk", "given_name", "family_name"))
    for person in people:
        person.search_text = f" {fold(person.given_name)} {fold(person.family_name)} "
    Person.objects.bulk_update(people, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="search_text",
            field=models.CharField(blank=True, editable=False, max_length=250),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
