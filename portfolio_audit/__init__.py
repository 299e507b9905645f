"""portfolio-audit: evidence-backed audit of the soft skills visible in public code."""

__version__ = "0.1.0"
