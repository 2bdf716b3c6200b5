"""Storage: the engine factory, schema and migrations, and user-scoped queries.

Never imports textual.
"""
