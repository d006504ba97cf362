"""Ashby's name on the interviews it makes (Interview.integration)."""

ASHBY = "ashby"
