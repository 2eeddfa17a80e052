"""The language picker (issue 15, item 4): one row per language, a language select and a
level select, rows added and removed in the browser (static/inprocedere/language-rows.js).

Without JavaScript the rows are plain form fields: the ones filled in plus two empty
ones. The rows come back to the form as the text the pages write ("fa B1, de A2"), so the
field's own reading (core.names.parse_language_levels) validates them, the same as when
the languages are typed (the API and older forms post `languages` as text, which the
widget still takes)."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .names import NATIVE, language_choices, language_name, parse_language_levels

EXTRA_ROWS = 2
MAX_ROWS = 30
LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2", NATIVE)


def level_choices(*, required: bool) -> list[tuple[str, str]]:
    empty = _("Please choose a level") if required else _("Level not stated")
    return [("", empty), *((level, level) for level in LEVELS[:-1]), (NATIVE, _("native language"))]


def _rows_of(value) -> list[tuple[str, str]]:
    """[(code, level)] from what the form holds: codes (the person's record), dicts (an
    assessment), pairs, or the text the rows came back as."""
    if not value:
        return []
    if isinstance(value, str):
        rows = []
        for part in value.split(","):
            try:
                rows.extend(parse_language_levels(part, level_required=False))
            except ValidationError:
                continue  # the field's error says which; the row is left empty
        return [(code, level or "") for code, level in rows]
    rows = []
    for item in value:
        if isinstance(item, dict):
            rows.append((item.get("language") or "", item.get("level") or ""))
        elif isinstance(item, list | tuple):
            rows.append((item[0], item[1] or ""))
        else:
            rows.append((str(item), ""))
    return rows


class LanguageRows(forms.Widget):
    template_name = "widgets/language_rows.html"
    ROW = re.compile(r"^(?P<name>.+)-(?P<index>\d{1,3})-language$")

    def __init__(self, *, levels: bool = True, level_required: bool = False, attrs=None):
        super().__init__(attrs)
        self.levels = levels
        self.level_required = level_required

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        rows = _rows_of(value)[:MAX_ROWS]
        rows += [("", "")] * EXTRA_ROWS
        languages = language_choices()
        offered = {code for code, _name in languages}
        # a language the record holds but the list lacks stays chosen (and is kept on save)
        languages += [
            (code, language_name(code)) for code, _l in rows if code and code not in offered
        ]
        context["widget"].update(
            rows=[
                {"index": n, "language": code, "level": level}
                for n, (code, level) in enumerate(rows)
            ],
            next_index=len(rows),
            languages=languages,
            levels=level_choices(required=self.level_required) if self.levels else None,
        )
        return context

    def _render(self, template_name, context, renderer=None):
        # the site's templates (and their {% translate %}), not the form renderer's own set
        return mark_safe(render_to_string(template_name, context))

    def value_from_datadict(self, data, files, name):
        if name in data:  # typed text: the API, a script, an older page
            return data.get(name)
        indices = sorted(
            int(match["index"])
            for key in data
            if (match := self.ROW.match(key)) and match["name"] == name
        )[:MAX_ROWS]
        parts = []
        for index in indices:
            code = (data.get(f"{name}-{index}-language") or "").strip()
            level = (data.get(f"{name}-{index}-level") or "").strip()
            if not code:
                continue
            parts.append(f"{code} {level}".strip())
        return ", ".join(parts)

    def value_omitted_from_data(self, data, files, name):
        return False

    def id_for_label(self, id_):
        return f"{id_}-0-language" if id_ else id_
