"""gunicorn's configuration for the example site (``gunicorn -c example_site/gunicorn.conf.py``).

The catchment lookup is a GET (a parent can share or bookmark the link), so its query string holds the
address: the access log writes the path (``%(U)s``), never the request line (``%(r)s``) nor the query
(``%(q)s``), nor the referrer (``%(f)s``, a page's URL with its query). See docs/deploy.md for nginx.
"""

import os

wsgi_app = "example_site.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# A request that needs a stalled database fails after the database's own timeouts (settings_production.py,
# a few seconds), long before this kills the worker.
timeout = 30

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# Remote address, time, method, path without its query, protocol, status, size, duration in microseconds,
# user agent.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(D)s "%(a)s"'
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
