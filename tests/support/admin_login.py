"""A browser session of the admin, logged in as a given user."""

from django.test import Client


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
