"""The HTTP API and pages (Flask)."""
