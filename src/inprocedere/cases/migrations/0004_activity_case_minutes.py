# The covering index for the ESF report's sums of minutes per case (issue 12), built
# concurrently on PostgreSQL (writes to activities go on meanwhile; 72 s at 100,000
# participants) and plainly on SQLite.

from django.db import migrations, models

from inprocedere.core.migration_ops import AddIndexOnline


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0003_fail_closed_managers"),
    ]

    operations = [
        AddIndexOnline(
            model_name="activity",
            index=models.Index(fields=["case", "duration_minutes"], name="activity_case_minutes"),
        ),
    ]
