"""Inserting many new rows of one model fast: the values Django would write, without its
per-value statement building (decision 0016).

`bulk_create` spends most of a bulk writer's time compiling the statement: for every
value of every row it asks the field, the compiler and the expression machinery whether
the value is an expression, how to quote it, how to adapt it (about 20 µs a value; a
sheet row of the import is ~200 values). Here the columns, their converters and the
defaults of the columns left out are worked out once per call, and each value passes
through one converter: the field's own `get_db_prep_save`, except for the plain types
(text in a text field, an integer in an integer field or a key, a bool in a boolean
field), which the database takes as they are. PostgreSQL receives the rows by `COPY`
(ids reserved from the table's sequence first, as the scale generator does), SQLite by
`INSERT … RETURNING id` in batches (or `executemany` where no ids are needed).

What it does not do, like `bulk_create`: call `save()` or send signals. Unlike
`bulk_create` it takes only new rows (no pk set) and no expressions as values.
"""

from __future__ import annotations

import datetime
import operator
import time
from collections.abc import Iterable, Sequence

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models import signals
from django.db.models.base import ModelState
from django.utils import timezone

try:
    from django_countries.fields import CountryField
except ImportError:  # pragma: no cover - a dependency of the project
    CountryField = None

# Field classes (exact, not subclasses: those may prepare values their own way) whose
# database value is the Python value itself when it has the given type.
_PLAIN = {
    models.CharField: str,
    models.TextField: str,
    models.SlugField: str,
    models.EmailField: str,
    models.IntegerField: int,
    models.SmallIntegerField: int,
    models.BigIntegerField: int,
    models.PositiveIntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.PositiveBigIntegerField: int,
    models.AutoField: int,
    models.BigAutoField: int,
    models.SmallAutoField: int,
    models.BooleanField: bool,
}
_KEYS = (models.ForeignKey, models.OneToOneField)


def _converter(field: models.Field, conn):
    """value -> database value for `field`, as `get_db_prep_save` gives it (`conn`: the
    connection itself, not the thread-local proxy `connection`, which costs a look-up
    of the thread's connections for every value)."""
    target = field.target_field if type(field) in _KEYS else field
    kind = type(target)
    prep = field.get_db_prep_save
    if kind in _PLAIN:
        plain = _PLAIN[kind]
        return lambda value: value if value is None or type(value) is plain else prep(value, conn)
    adapt = _ADAPT.get(kind)
    if adapt is None:
        return lambda value: prep(value, conn)
    types, adapt = adapt(field, conn)
    return lambda value: adapt(value) if type(value) in types else prep(value, conn)


def _json(field, conn):
    # JSONField.get_db_prep_value of a dict or list: the backend's adaptation, nothing else.
    encoder, adapt = field.encoder, conn.ops.adapt_json_value
    return (dict, list), lambda value: adapt(value, encoder)


def _date(field, conn):
    return (datetime.date,), conn.ops.adapt_datefield_value


def _datetime(field, conn):
    """Aware datetimes only (what `timezone.now()` gives); one value converted once (a
    chunk's rows share their time)."""
    adapt = conn.ops.adapt_datetimefield_value
    last = [None, None]

    def convert(value):
        if value.tzinfo is None:
            return field.get_db_prep_save(value, conn)  # Django warns, as it would
        if value is not last[0]:
            last[0], last[1] = value, adapt(value)
        return last[1]

    return (datetime.datetime,), convert


_ADAPT = {
    models.JSONField: _json,
    models.DateField: _date,
    models.DateTimeField: _datetime,
}


class Columns:
    """The columns of `model` a writer fills (`attnames`, in the order of its values),
    the converters of their values and the defaults of every other column but the id."""

    def __init__(self, model: type[models.Model], attnames: Sequence[str]):
        self.model = model
        self.table = model._meta.db_table
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        self.fields = [by_attname[name] for name in attnames]
        conn = connections[DEFAULT_DB_ALIAS]
        self.converters = [_converter(f, conn) for f in self.fields]
        pk = model._meta.pk
        rest = [f for f in model._meta.concrete_fields if f.attname not in attnames and f != pk]
        now = timezone.now()
        self.columns = [f.column for f in self.fields] + [f.column for f in rest]
        self.defaults = tuple(_default(f, now) for f in rest)

    def row(self, values: Sequence) -> tuple:
        """The database row of one set of values (in the order of `attnames`)."""
        return tuple([convert(v) for convert, v in zip(self.converters, values, strict=True)])


def _default(field: models.Field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return field.get_db_prep_save(now, connection)
    return field.get_db_prep_save(field.get_default(), connection)


class _Maker:
    """What `Model.__init__` works out anew for every instance, once per model."""

    def __init__(self, model: type[models.Model]):
        fields = model._meta.concrete_fields
        self.model = model
        self.known = {f.name for f in fields} | {f.attname for f in fields}
        self.plain = not (
            signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model)
        )
        # A constant default is stored as its field's descriptor stored it in an instance
        # made once (a phone field asks the settings for its region on every set); a
        # callable one (a list, a dict, a uuid) is made and set anew for every instance.
        template = vars(model()) if self.plain else {}
        self.defaults = []
        for f in fields:
            stored = template.get(f.attname, _UNSET)
            constant = not callable(f.default) and type(stored) in _IMMUTABLE
            self.defaults.append((f.name, f.attname, stored if constant else _UNSET, f.get_default))


_UNSET = object()
_IMMUTABLE = {str, int, bool, float, type(None), datetime.date, datetime.datetime}


_makers: dict[type[models.Model], _Maker] = {}


def new(model: type[models.Model], **values):
    """`model(**values)` for a row to insert, without `Model.__init__`'s per-instance
    work (signals, the keyword bookkeeping): each field not given takes its default,
    then each value is set through the model's own descriptors (a related object sets
    its key and is cached, as in `__init__`). Falls back to `model(**values)` for a model
    with init signals or a value that is no field (a property)."""
    maker = _makers.get(model)
    if maker is None:
        maker = _makers[model] = _Maker(model)
    if not maker.plain or not values.keys() <= maker.known:
        return model(**values)
    obj = model.__new__(model)
    obj._state = ModelState()
    stored = obj.__dict__
    for name, attname, constant, default in maker.defaults:
        if name not in values and attname not in values:
            if constant is _UNSET:
                setattr(obj, attname, default())
            else:
                stored[attname] = constant
    for name, value in values.items():
        setattr(obj, name, value)
    return obj


def insert(objects: Sequence[models.Model]) -> None:
    """Insert new instances of one model and set their ids, as `bulk_create` does
    (`auto_now` fields and related objects saved before are taken into account)."""
    if not objects:
        return
    model = type(objects[0])
    pk = model._meta.pk
    fields = [f for f in model._meta.concrete_fields if f != pk]
    columns = Columns(model, [f.attname for f in fields])
    keys = [f for f in fields if f.is_relation and (f.many_to_one or f.one_to_one)]
    timed = [f for f in fields if _sets_itself(f) and not _is_auto_time(f)]
    auto_times = [f.attname for f in fields if _is_auto_time(f)]
    values_of = operator.attrgetter(*[f.attname for f in fields])
    if len(fields) == 1:
        one = values_of
        values_of = lambda obj: (one(obj),)  # noqa: E731
    now = timezone.now()  # one time for the rows of one statement, as one transaction
    rows = []
    row = columns.row
    for obj in objects:
        if obj.pk is not None:
            raise ValueError(f"{obj!r} is saved already")
        for field in keys:
            _take_related_id(obj, field)
        for field in timed:
            field.pre_save(obj, add=True)
        for attname in auto_times:
            setattr(obj, attname, now)
        rows.append(row(values_of(obj)))
    ids = _write(columns, rows, returning=True)
    for obj, pk_value in zip(objects, ids, strict=True):
        obj.pk = pk_value
        obj._state.adding = False
        obj._state.db = connection.alias


def insert_values(model: type[models.Model], attnames: Sequence[str], rows: Iterable) -> int:
    """Insert rows given as tuples of Python values for `attnames` (the other columns
    take their defaults, the id its next value); no ids come back. Returns the count."""
    columns = Columns(model, attnames)
    prepared = [columns.row(values) for values in rows]
    if prepared:
        _write(columns, prepared, returning=False)
    return len(prepared)


def _sets_itself(field) -> bool:
    """Whether the field's `pre_save` gives a value of its own (auto_now, a file)."""
    if type(field).pre_save is models.Field.pre_save:
        return False
    if CountryField is not None and isinstance(field, CountryField):
        return False  # its pre_save only prepares the value, as its converter does
    if isinstance(field, models.DateField):
        return field.auto_now or field.auto_now_add
    return True


def _is_auto_time(field) -> bool:
    return isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add)


def _take_related_id(obj, field) -> None:
    """A related object saved after it was assigned: its id into the key (bulk_create's
    `_prepare_related_fields_for_save`)."""
    if not field.is_cached(obj):
        return
    related = field.get_cached_value(obj)
    if related is None:
        return
    if related.pk is None:
        raise ValueError(f"{field.name} of {obj!r} is not saved yet")
    if getattr(obj, field.attname) in field.empty_values:
        setattr(obj, field.attname, related.pk)


def _write(columns: Columns, rows: list[tuple], *, returning: bool) -> list[int]:
    if connection.vendor == "postgresql":
        return _copy(columns, rows, returning)
    return _sqlite(columns, rows, returning)


def _copy(columns: Columns, rows: list[tuple], returning: bool) -> list[int]:
    quote = connection.ops.quote_name
    names = [quote(c) for c in columns.columns]
    ids: list[int] = []
    with connection.cursor() as cursor:
        if returning:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(columns.table), columns.model._meta.pk.column, len(rows)],
            )
            ids = sorted(row[0] for row in cursor.fetchall())
            names.insert(0, quote(columns.model._meta.pk.column))
        sql = f"COPY {quote(columns.table)} ({', '.join(names)}) FROM STDIN"
        started = time.monotonic()
        # psycopg's own cursor (COPY is not in the DB-API), its errors raised as Django's
        # (an IntegrityError, as bulk_create would raise it)
        with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
            defaults = columns.defaults
            if returning:
                for pk_value, row in zip(ids, rows, strict=True):
                    copy.write_row((pk_value, *row, *defaults))
            else:
                for row in rows:
                    copy.write_row(row + defaults)
        _logged(sql, started)
    return ids


def _logged(sql: str, started: float) -> None:
    """COPY bypasses Django's cursor wrapper: count it where queries are counted."""
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})


def _sqlite(columns: Columns, rows: list[tuple], returning: bool) -> list[int]:
    quote = connection.ops.quote_name
    width = len(columns.columns)
    names = ", ".join(quote(c) for c in columns.columns)
    table = quote(columns.table)
    defaults = columns.defaults
    ids: list[int] = []
    with connection.cursor() as cursor:
        if not returning:
            marks = ", ".join(["%s"] * width)
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608 - model columns
                [row + defaults for row in rows],
            )
            return ids
        per = max(1, (connection.features.max_query_params or 999) // width)
        pk_column = quote(columns.model._meta.pk.column)
        for start in range(0, len(rows), per):
            batch = rows[start : start + per]
            one = "(" + ", ".join(["%s"] * width) + ")"
            sql = (
                f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(batch))}"  # noqa: S608
                f" RETURNING {pk_column}"
            )
            cursor.execute(sql, [value for row in batch for value in row + defaults])
            ids.extend(row[0] for row in cursor.fetchall())
    return ids
