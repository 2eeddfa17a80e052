"""The site's navigation by role (issue 15, item 2): at most seven groups, each shown only
with the entries its reader may use, as the policy answers.

Primary row: the groups (Arbeit · Teilnehmende · Zusammenarbeit · Verzeichnis · Berichte ·
Verwaltung), each linking to its first entry; secondary row: the entries of the group the
current page belongs to (KERN UX header with a second navigation level).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from inprocedere.privacy import policy

STAFF = "staff"  # the Django admin: staff accounts, not a policy permission
ACCOUNT = "account"  # the reader's own settings, linked from the header, not a main entry

# (group key, label, [(url name, label, permissions: any of them suffices)])
GROUPS = (
    (
        "work",
        _("Work"),
        (
            ("inbox:inbox", _("Inbox"), ("inbox.use",)),
            ("cases:my_work", _("My work"), ("case.read",)),
            ("cases:referral_list", _("Referrals"), ("referral.read",)),
            ("cases:case_list", _("Cases"), ("case.read",)),
            ("cases:measure_list", _("Measures"), ("measure.read",)),
        ),
    ),
    (
        "participants",
        _("Participants"),
        (
            ("participants:participant_list", _("Participant register"), ("participant.register",)),
            ("duplicates:pair_list", _("Possible duplicates"), ("duplicates.review",)),
            ("imports:upload", _("Import"), ("import.participants",)),
        ),
    ),
    (
        "cooperation",
        _("Cooperation"),
        (
            ("cooperation:calendar", _("Calendar"), ("meeting.read",)),
            ("cooperation:consultation_list", _("Consultations"), ("consultation.read",)),
            ("cooperation:conference_list", _("Case conferences"), ("conference.read",)),
            ("cooperation:my_action_items", _("Action items"), ("action_item.complete",)),
            ("cooperation:meeting_list", _("Meetings and trainings"), ("meeting.read",)),
        ),
    ),
    (
        "directory",
        _("Directory"),
        (
            ("network:directory", _("Positions"), ("directory.read",)),
            ("network:organisation_list", _("Organisations"), ("directory.read",)),
            ("network:person_list", _("People"), ("directory.read",)),
            ("network:vacancies", _("Vacancies"), ("vacancy.read",)),
        ),
    ),
    (
        "reports",
        _("Reports"),
        (
            ("reporting:esf", _("ESF report"), ("report.esf",)),
            ("reporting:figures", _("Figures"), ("report.figures",)),
            ("reporting:monitor", _("Cooperation monitor"), ("report.cooperation",)),
            ("cases:case_overview", _("Case work"), ("case.overview",)),
            ("duplicates:pair_list", _("Possible duplicates"), ("duplicates.overview",)),
        ),
    ),
    (
        "admin",
        _("Administration"),
        (
            ("rights:dpo_home", _("Data protection"), ("rights.find_participant",)),
            ("admin:index", _("Django administration"), (STAFF,)),
        ),
    ),
    (
        # Not in the main row: the header's "My account" link opens it.
        ACCOUNT,
        _("My account"),
        (
            ("accounts:password_change", _("Password"), ()),
            ("inbox:email_settings", _("E-mail settings"), ("inbox.use",)),
            ("cooperation:feed_list", _("Calendar subscriptions"), ("calendar.feed",)),
            ("accounts:token_list", _("API tokens"), ("account.tokens",)),
        ),
    ),
)

# Pages that are no entry of their own belong to the group of their app.
APP_GROUPS = {
    "inbox": "work",
    "cases": "work",
    "participants": "participants",
    "privacy": "participants",
    "duplicates": "participants",
    "imports": "participants",
    "cooperation": "cooperation",
    "network": "directory",
    "reporting": "reports",
    "rights": "admin",
    "accounts": ACCOUNT,
}


@dataclass
class Entry:
    label: str
    url: str
    current: bool = False


@dataclass
class Group:
    key: str
    label: str
    entries: list[Entry] = field(default_factory=list)
    current: bool = False

    @property
    def url(self) -> str:
        return self.entries[0].url

    @property
    def primary(self) -> bool:
        return self.key != ACCOUNT


def _allowed(user, permissions, cache: dict) -> bool:
    if not permissions:  # every signed-in user
        return True
    for name in permissions:
        if name not in cache:
            cache[name] = user.is_staff if name == STAFF else policy.can(user, name)
        if cache[name]:
            return True
    return False


def _current_group(view_name: str, groups: list[Group], names: dict) -> str | None:
    for group in groups:
        if view_name in names[group.key]:
            return group.key
    return APP_GROUPS.get(view_name.split(":")[0])


def navigation(user, view_name: str = "") -> list[Group]:
    """The groups `user` may use, with the entries they may open; the group and entry of
    the page `view_name` ("cases:case_detail") marked current."""
    if not user.is_authenticated:
        return []
    cache: dict = {}
    groups, names = [], {}
    for key, label, entries in GROUPS:
        group = Group(key, str(label))
        names[key] = set()
        for url_name, entry_label, permissions in entries:
            if not _allowed(user, permissions, cache):
                continue
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            group.entries.append(Entry(str(entry_label), url, url_name == view_name))
            names[key].add(url_name)
        if group.entries:
            groups.append(group)
    current = _current_group(view_name, groups, names)
    for group in groups:
        group.current = group.key == current
    return groups
