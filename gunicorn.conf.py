"""Gunicorn settings, read from the working directory by the Procfile's `web` line."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = 30
accesslog = "-"
# Gunicorn's default format logs the Basic-auth user name, which for the partner API is the
# organization's API key: leave %(u)s out so keys never reach the logs.
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
# Gunicorn 27's control socket sits at one path in the user's home, so a second gunicorn on the
# machine (another `make run`, the tests' or the benchmark's) takes it over from the first; nothing
# here uses it.
control_socket_disable = True
