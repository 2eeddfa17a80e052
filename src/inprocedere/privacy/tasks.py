"""The access log's partitions and retention, kept daily by the worker."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import log_partitions


@db_periodic_task(crontab(minute="20", hour="3"))
def maintain_access_log():
    log_partitions.maintain()
