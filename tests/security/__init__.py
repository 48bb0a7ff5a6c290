"""Security tests: hostile uploads, web hardening, permissions, production start."""
