"""Aduan's Flask application: the web, API and CLI boundary."""
