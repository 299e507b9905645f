"""Test support, outside the installed package: inline repository specs, a synthetic GitHub world and a local server."""
