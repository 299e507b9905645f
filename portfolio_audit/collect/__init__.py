"""Collectors: the only code that reads checkouts or talks to the network."""
