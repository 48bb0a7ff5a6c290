"""A quick password hasher for the security and reliability tests' accounts.

The personas' passwords are hashed in every test class's set-up; with Django's PBKDF2 that is
most of the set-up time. The hashing itself is not what these tests are about.
"""

from django.test import override_settings

fast_passwords = override_settings(
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
