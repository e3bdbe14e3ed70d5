"""Open311 GeoReport v2: API keys of civic clients, the services, and the requests they read
and file (the web layer in `web/open311/` only parses and renders)."""
