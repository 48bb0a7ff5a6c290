"""Security of the web application: sign-in audit and throttling, CSP, production start checks."""
