"""A running job's progress, written where its page can read it straight away.

An import writes every row in one transaction, so progress written through that transaction's
connection would stay invisible until the end. Inside a transaction on PostgreSQL the progress
goes through a second connection of its own, which commits each write at once. SQLite allows one
writer at a time and the import's transaction holds it, so there the progress inside a
transaction is not written: the page shows the stage ("Writing rows") without a count until the
transaction ends. Progress is never worth failing a job for: a write that fails is logged and
skipped.
"""

import logging
import time

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models.sql import UpdateQuery
from django.db.models.sql.constants import NO_RESULTS
from django.utils import timezone

from jobs.models import Job

logger = logging.getLogger(__name__)

# Row counts are written at most this often (seconds); stages and the last row always.
WRITE_EVERY = 0.5
# A write through the second connection waits no longer than this for a lock (PostgreSQL); only a
# caller that changed the job's row in its own open transaction could make it wait at all.
LOCK_TIMEOUT = "2s"


class Progress:
    def __init__(self, job_id):
        self.job_id = job_id
        self._side = None
        self._last_write = 0.0

    def stage(self, text: str, *, total: int | None = None) -> None:
        """A new step: what it does, in words, and how many things it will count, if it counts."""
        self._write(stage=text[:100], done_count=0, total_count=total)

    def rows(self, done: int, total: int) -> None:
        """So many of ``total`` done (the importer calls this after each batch it writes)."""
        now = time.monotonic()
        if done < total and now - self._last_write < WRITE_EVERY:
            return
        self._write(done_count=done, total_count=total)

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None

    def _write(self, **fields) -> None:
        self._last_write = time.monotonic()
        fields["updated_at"] = timezone.now()
        connection = connections[DEFAULT_DB_ALIAS]
        try:
            if not connection.in_atomic_block:
                Job.objects.filter(pk=self.job_id).update(**fields)
            elif connection.vendor == "postgresql":
                query = Job.objects.filter(pk=self.job_id).query.chain(UpdateQuery)
                query.add_update_values(fields)
                query.get_compiler(connection=self._side_connection()).execute_sql(NO_RESULTS)
        except DatabaseError:
            logger.warning("Job %s: its progress could not be written", self.job_id, exc_info=True)

    def _side_connection(self):
        if self._side is None:
            side = connections.create_connection(DEFAULT_DB_ALIAS)  # autocommit: each write is seen at once
            side.ensure_connection()
            with side.cursor() as cursor:
                cursor.execute("SELECT set_config('lock_timeout', %s, false)", [LOCK_TIMEOUT])
            self._side = side
        return self._side
