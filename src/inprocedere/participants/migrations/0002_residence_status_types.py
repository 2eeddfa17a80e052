from django.db import migrations


def load(apps, schema_editor):
    from inprocedere.participants.reference_data import load_residence_status_types

    load_residence_status_types(apps.get_model("participants", "ResidenceStatusType"))


class Migration(migrations.Migration):
    dependencies = [("participants", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
