"""Background work: an RQ queue on Redis, run inline when no queue is configured."""
