"""Benchmarks that measure; they assert nothing."""
