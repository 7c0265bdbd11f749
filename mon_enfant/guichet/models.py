"""The family app stores nothing: its one model is the page type (``pages.py``, imported by the app's
``ready()``). This module exists so that Django treats the app as one with models: without it, no content
type nor permission is created for the page on migrate."""
