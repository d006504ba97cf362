"""Gunicorn settings, read from the working directory by the Procfile's `web` line."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = 30
accesslog = "-"
# Gunicorn's default format logs the Basic-auth user name, which for the partner API is the
# organization's API key: leave %(u)s out so keys never reach the logs.
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
