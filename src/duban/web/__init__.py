"""Web pages (server-rendered templates + htmx): delivery only, no models."""
