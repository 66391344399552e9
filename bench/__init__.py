"""The performance benchmark of the Local Offer portal (``make bench``, ``python -m bench``).

A package of its own rather than a management command: it creates and drops its own PostgreSQL
database before Django connects, serves the portal with its own settings (the production ones,
plus a bare page of a given size from memory, the limit of the stack), and runs each
measurement in a fresh process, so that peak memory belongs to that measurement alone.
"""
