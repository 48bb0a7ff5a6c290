"""The crossdoc services: plain functions over extraction dicts and ledger documents."""
