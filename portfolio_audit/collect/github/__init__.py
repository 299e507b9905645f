"""Collect a snapshot of a GitHub handle with PyGithub: REST, GraphQL, one tarball per repository.

The only package that imports ``github`` (PyGithub), and only its public API. Its
modules, one concern each:

- ``settings``: the handle and the options of a collection, checked before any request;
- ``transport``: one PyGithub client per worker, conditional GETs, retries, rate-limit waits, timeouts;
- ``queries``: the GraphQL text and what each query costs;
- ``mapping``: GitHub's records turned into snapshot records;
- ``collector``: which repositories to read, in what order, into one snapshot.
"""

from .settings import GitHubSettings, parse_github_input

__all__ = ["GitHubSettings", "collect_github", "parse_github_input"]


def __getattr__(name: str):
    # The settings are read by every command, the collector (and PyGithub, half a second to
    # import) only by a GitHub audit: it is imported when first asked for.
    if name == "collect_github":
        from .collector import collect_github

        return collect_github
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
