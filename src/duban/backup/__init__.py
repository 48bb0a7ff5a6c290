"""Backup and restore: the whole database as JSON plus every stored file, in one .tar.gz."""
