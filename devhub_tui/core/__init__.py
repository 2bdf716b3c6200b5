"""Pure rules of devhub: dates, statuses, quick-log grammar, validation (stdlib only, no I/O)."""
