# Importing the Celery app here makes shared tasks bind to it when Django starts.
from mariohr.celery import app as celery_app

__all__ = ("celery_app",)
