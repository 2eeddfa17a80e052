"""One appointment core: case conferences, network meetings and trainings move into one
table (`Appointment`), their invitations into one (`Invitation`); `CaseConference` and
`Meeting` become proxies of it.

Every row is kept (tests/cooperation/test_migration_appointments.py):
- conferences keep their ids (their links, action items, inbox items and audit entries
  stay valid); meetings and trainings follow them, each moved up by the highest
  conference id. The move is written to the audit log (`cooperation.meeting.renumbered`,
  from → to), and the inbox items that link to a moved meeting are pointed at its new id;
- conference invitations keep their ids; meeting invitations follow them;
- an appointment with minutes or recorded attendance took place: it becomes "held".

Set-based (INSERT … SELECT, UPDATE), so it runs in one pass however many rows there are.
Not reversible: going back would have to split the ids again.
"""

import re
import uuid

import django.db.models.deletion
from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations, models

COMMON = (
    "version, updated_at, updated_by_id, title, starts_at, ends_at, place, video_url, agenda, "
    "chair_position_id, state, uid, sequence, minutes, decisions, minutes_state, "
    "minutes_approved_at, minutes_approved_by_id, created_by_id, created_at, cancelled_at"
)
INVITATION = "position_id, organisation_id, invited_at, withdrawn_at"
MEETING_LINK = re.compile(r"/meetings/(\d+)/")
MEETING_KEY = re.compile(r"^meeting:(\d+):")
CHUNK = 2000


def _highest(cursor, table) -> int:
    cursor.execute(f"SELECT MAX(id) FROM {table}")
    return cursor.fetchone()[0] or 0


def copy_rows(apps, schema_editor):
    """Conferences and meetings into appointments, their invitations into invitations."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        offset = _highest(cursor, "cooperation_caseconference")
        invitation_offset = _highest(cursor, "cooperation_conferenceinvitation")
        cursor.execute(
            f"INSERT INTO cooperation_appointment (id, kind, case_id, level, topic, {COMMON}) "
            f"SELECT id, 'conference', case_id, '', '', {COMMON} FROM cooperation_caseconference"
        )
        cursor.execute(
            "INSERT INTO cooperation_appointment (id, kind, level, topic, region_id, "
            f"expertise_organisation_id, {COMMON}) SELECT id + %s, kind, level, topic, "
            f"region_id, expertise_organisation_id, {COMMON} FROM cooperation_meeting",
            [offset],
        )
        cursor.execute(
            "INSERT INTO cooperation_invitation (id, appointment_id, consent_id, attendance, "
            f"{INVITATION}) SELECT id, conference_id, consent_id, attendance, {INVITATION} "
            "FROM cooperation_conferenceinvitation"
        )
        cursor.execute(
            "INSERT INTO cooperation_invitation (id, appointment_id, attendance, "
            f"{INVITATION}) SELECT id + %s, meeting_id + %s, 'unknown', {INVITATION} "
            "FROM cooperation_meetinginvitation",
            [invitation_offset, offset],
        )
        for table in ("cooperation_meetingattendance", "cooperation_meetingmaterial"):
            cursor.execute(
                f"UPDATE {table} SET appointment_id = meeting_id + %s",
                [offset],
            )
        cursor.execute(
            "UPDATE cooperation_appointment SET state = 'held' WHERE state = 'scheduled' AND ("
            "minutes_state <> 'none' OR id IN (SELECT appointment_id FROM "
            "cooperation_invitation WHERE attendance <> 'unknown') OR id IN (SELECT "
            "appointment_id FROM cooperation_meetingattendance))"
        )
    models_ = [apps.get_model("cooperation", "Appointment"), apps.get_model("cooperation", "Invitation")]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models_):
            cursor.execute(sql)
    if offset:
        _renumbered(apps, offset)


def _renumbered(apps, offset):
    """Record each meeting's new id in the audit log and re-point the inbox's links."""
    Appointment = apps.get_model("cooperation", "Appointment")
    AuditEntry = apps.get_model("core", "AuditEntry")
    InboxItem = apps.get_model("inbox", "InboxItem")
    moved = Appointment.objects.exclude(kind="conference").values_list("pk", "title")
    entries = (
        AuditEntry(
            actor_label="system",
            action="cooperation.meeting.renumbered",
            object_type="cooperation.meeting",
            object_id=str(pk),
            object_label=title[:300],
            detail={"from": pk - offset, "to": pk},
        )
        for pk, title in moved.iterator(chunk_size=CHUNK)
    )
    _in_chunks(entries, AuditEntry.objects.bulk_create)
    items = InboxItem.objects.filter(key__startswith="meeting:").only("pk", "key", "url")
    changed = []
    for item in items.iterator(chunk_size=CHUNK):
        item.key = MEETING_KEY.sub(lambda m: f"meeting:{int(m[1]) + offset}:", item.key)
        item.url = MEETING_LINK.sub(lambda m: f"/meetings/{int(m[1]) + offset}/", item.url)
        changed.append(item)
        if len(changed) == CHUNK:
            InboxItem.objects.bulk_update(changed, ["key", "url"])
            changed = []
    InboxItem.objects.bulk_update(changed, ["key", "url"])


def _in_chunks(rows, write):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            write(chunk)
            chunk = []
    if chunk:
        write(chunk)


def _meeting_link(model_name):
    """The link of a meeting's attendance or material, first beside the old one."""
    return migrations.AddField(
        model_name=model_name,
        name="appointment",
        field=models.ForeignKey(
            null=True,
            on_delete=django.db.models.deletion.CASCADE,
            related_name="+",
            to="cooperation.appointment",
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_initial"),
        ("core", "0003_audit_redaction"),
        ("cooperation", "0001_initial"),
        ("inbox", "0001_initial"),
        ("network", "0001_initial"),
        ("privacy", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Appointment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.PositiveIntegerField(default=1, verbose_name="version")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="last changed")),
                ("kind", models.CharField(choices=[("conference", "Case conference"), ("meeting", "Network meeting"), ("training", "Training")], max_length=20, verbose_name="kind")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("starts_at", models.DateTimeField(verbose_name="starts")),
                ("ends_at", models.DateTimeField(verbose_name="ends")),
                ("place", models.CharField(blank=True, max_length=300, verbose_name="place")),
                ("video_url", models.URLField(blank=True, verbose_name="video link")),
                ("agenda", models.TextField(blank=True, max_length=8000, verbose_name="agenda")),
                ("state", models.CharField(choices=[("scheduled", "Scheduled"), ("held", "Held"), ("cancelled", "Cancelled")], default="scheduled", max_length=20, verbose_name="status")),
                ("uid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("sequence", models.PositiveIntegerField(default=0, verbose_name="iCalendar sequence")),
                ("minutes", models.TextField(blank=True, max_length=20000, verbose_name="minutes")),
                ("decisions", models.TextField(blank=True, max_length=8000, verbose_name="decisions")),
                ("minutes_state", models.CharField(choices=[("none", "Not yet recorded"), ("draft", "Draft"), ("approved", "Approved")], default="none", max_length=20, verbose_name="minutes")),
                ("minutes_approved_at", models.DateTimeField(blank=True, null=True, verbose_name="minutes approved")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("cancelled_at", models.DateTimeField(blank=True, null=True, verbose_name="cancelled")),
                ("level", models.CharField(blank=True, choices=[("local", "Local"), ("network", "Network")], max_length=20, verbose_name="level")),
                ("topic", models.CharField(blank=True, max_length=200, verbose_name="topic")),
                ("case", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="conferences", to="cases.case", verbose_name="case")),
                ("chair_position", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="network.position", verbose_name="chair")),
                ("created_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("expertise_organisation", models.ForeignKey(blank=True, help_text="For a training: the organisation whose expertise it draws on.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name="trainings_given", to="network.organisation", verbose_name="expertise from")),
                ("minutes_approved_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("region", models.ForeignKey(blank=True, help_text="Empty: the whole network.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name="meetings", to="network.region", verbose_name="region")),
                ("updated_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="last changed by")),
            ],
            options={
                "verbose_name": "appointment",
                "verbose_name_plural": "appointments",
                "ordering": ["-starts_at", "-pk"],
                "indexes": [
                    models.Index(fields=["kind", "starts_at"], name="appointment_kind_start"),
                    models.Index(fields=["kind", "ends_at"], name="appointment_kind_end"),
                ],
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("ends_at__gt", models.F("starts_at"))), name="appointment_ends_after_start"),
                    models.CheckConstraint(condition=models.Q(models.Q(("case__isnull", False), ("kind", "conference")), models.Q(("case__isnull", True), ("kind__in", ("meeting", "training"))), _connector="OR"), name="appointment_case_iff_conference"),
                ],
            },
        ),
        migrations.CreateModel(
            name="Invitation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("attendance", models.CharField(choices=[("unknown", "Not recorded"), ("present", "Present"), ("excused", "Excused"), ("absent", "Absent")], default="unknown", max_length=20, verbose_name="attendance")),
                ("invited_at", models.DateTimeField(auto_now_add=True)),
                ("withdrawn_at", models.DateTimeField(blank=True, null=True, verbose_name="invitation withdrawn")),
                ("appointment", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="invitations", to="cooperation.appointment", verbose_name="appointment")),
                ("consent", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="privacy.consent", verbose_name="consent relied on")),
                ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="appointment_invitations", to="network.organisation", verbose_name="organisation")),
                ("position", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="appointment_invitations", to="network.position", verbose_name="position")),
            ],
            options={
                "verbose_name": "invitation",
                "verbose_name_plural": "invitations",
                "ordering": ["organisation__name", "position__title"],
                "constraints": [models.UniqueConstraint(fields=("appointment", "position"), name="one_invitation_per_position")],
            },
        ),
        migrations.RemoveConstraint(model_name="meetingattendance", name="one_attendance_per_person"),
        _meeting_link("meetingattendance"),
        _meeting_link("meetingmaterial"),
        migrations.RunPython(copy_rows, migrations.RunPython.noop, elidable=False),
        # Conferences kept their ids: the action items' links only change table.
        migrations.AlterField(
            model_name="actionitem",
            name="conference",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="action_items", to="cooperation.appointment", verbose_name="case conference"),
        ),
        migrations.RemoveField(model_name="meetingattendance", name="meeting"),
        migrations.RemoveField(model_name="meetingmaterial", name="meeting"),
        migrations.RenameField(model_name="meetingattendance", old_name="appointment", new_name="meeting"),
        migrations.RenameField(model_name="meetingmaterial", old_name="appointment", new_name="meeting"),
        migrations.DeleteModel(name="ConferenceInvitation"),
        migrations.DeleteModel(name="MeetingInvitation"),
        migrations.DeleteModel(name="CaseConference"),
        migrations.DeleteModel(name="Meeting"),
        migrations.CreateModel(
            name="CaseConference",
            fields=[],
            options={"verbose_name": "case conference", "verbose_name_plural": "case conferences", "proxy": True, "indexes": [], "constraints": []},
            bases=("cooperation.appointment",),
        ),
        migrations.CreateModel(
            name="Meeting",
            fields=[],
            options={"verbose_name": "network meeting or training", "verbose_name_plural": "network meetings and trainings", "proxy": True, "indexes": [], "constraints": []},
            bases=("cooperation.appointment",),
        ),
        migrations.AlterField(
            model_name="actionitem",
            name="conference",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="action_items", to="cooperation.caseconference", verbose_name="case conference"),
        ),
        migrations.AlterField(
            model_name="meetingattendance",
            name="meeting",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="attendances", to="cooperation.meeting"),
        ),
        migrations.AlterField(
            model_name="meetingmaterial",
            name="meeting",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="materials", to="cooperation.meeting"),
        ),
        migrations.AddConstraint(
            model_name="meetingattendance",
            constraint=models.UniqueConstraint(fields=("meeting", "person"), name="one_attendance_per_person"),
        ),
    ]
