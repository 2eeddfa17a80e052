"""Saves at the same moment, for the "20 concurrent saves, exactly one succeeds" tests."""

import threading

from django.db import connection


def post_at_once(clients, url, data_for) -> list[int]:
    """POST `data_for(index)` to `url` from every client at once; the status codes.

    SQLite (in memory, shared cache) does not wait for a lock, it fails: there the saves
    are serialised, which still tests the version check; PostgreSQL runs them at once.
    """
    serialise = threading.Lock() if connection.vendor == "sqlite" else None
    start = threading.Barrier(len(clients))
    statuses = []

    def save(client, index):
        try:
            start.wait()
            if serialise:
                with serialise:
                    statuses.append(client.post(url, data_for(index)).status_code)
            else:
                statuses.append(client.post(url, data_for(index)).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(c, i)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses
