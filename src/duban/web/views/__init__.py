"""The views of the web pages, one module per area; each is thin: permission, service, render."""
