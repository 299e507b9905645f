"""Test support: a deterministic synthetic GitHub world and a local server that speaks GitHub's APIs."""
