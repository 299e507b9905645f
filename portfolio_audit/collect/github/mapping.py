"""GitHub's records (GraphQL nodes and REST items) turned into snapshot records, typed where they enter."""

from __future__ import annotations

import re
from typing import Optional

from ...records import (Closer, Comment, CommunityFile, Contribution, Discussion, DiscussionComment, Issue,
                        PullRequest, Review, ReviewComment, Who)
from ...snapshot import Collected, Commit

def _person(node: Optional[dict]) -> tuple:
    """(login, type) from a GraphQL actor; bots get REST's "[bot]" suffix so every source agrees."""
    if not node:
        return None, None
    login, kind = node.get("login"), node.get("__typename") or "User"
    if kind == "Bot" and login and not login.endswith("[bot]"):
        login += "[bot]"
    return login, kind


def _who(node: dict) -> Who:
    login, kind = _person(node.get("author"))
    return {"author": login, "author_type": kind, "author_association": node.get("authorAssociation")}


def _comment(node: dict) -> Comment:
    return {**_who(node), "body": node.get("body") or "", "created_at": node.get("createdAt"), "url": node.get("url")}


def nodes_of(connection: Optional[dict]) -> list:
    return [n for n in ((connection or {}).get("nodes") or []) if n]


def _truncated(connection: Optional[dict], kept: int) -> bool:
    return ((connection or {}).get("totalCount") or 0) > kept


def listed_fewer(connection: Optional[dict]) -> bool:
    """More items exist than were read (--max-items, or some arrived between the two passes)."""
    return _truncated(connection, len((connection or {}).get("nodes") or ()))



def commits_from_history(history: Optional[dict]) -> Collected[Commit]:
    commits = []
    for node in nodes_of(history):
        message = (node.get("message") or "").replace("\r\n", "\n")
        subject, _, body = message.partition("\n")
        author = node.get("author") or {}
        login = ((author.get("user") or {}).get("login"))
        commits.append(Commit(
            sha=node.get("oid") or "", subject=subject.strip(), body=body.strip("\n").strip(),
            author=login or author.get("name") or "", authored_at=node.get("authoredDate") or "",
            files_changed=node.get("changedFilesIfAvailable") or 0,
            insertions=node.get("additions") or 0, deletions=node.get("deletions") or 0,
        ))
    return Collected.of(commits, truncated=_truncated(history, len(commits)))


def issue_from_graphql(node: dict) -> Issue:
    closed = nodes_of(node.get("timelineItems"))
    # The actor goes through _person so a bot closer reads "name[bot]" as it does over REST.
    closed_by = _person(closed[-1].get("actor"))[0] if closed else None
    return {
        "number": node.get("number"), "title": node.get("title") or "", "body": node.get("body") or "",
        "url": node.get("url"), **_who(node),
        "state": (node.get("state") or "").lower() or None,
        "state_reason": (node.get("stateReason") or "").lower() or None,
        "created_at": node.get("createdAt"), "closed_at": node.get("closedAt"), "closed_by": closed_by,
        "closer": _closer(closed[-1].get("closer")) if closed else None,
        "labels": [label.get("name") for label in nodes_of(node.get("labels"))],
        "comments": [_comment(c) for c in nodes_of(node.get("comments"))],
    }


def _closer(node: Optional[dict]) -> Optional[Closer]:
    """The pull request or commit GitHub says closed an issue, however old or wherever it lives."""
    if not node:
        return None
    if node.get("__typename") == "PullRequest":
        return {"type": "pull_request", "number": node.get("number"), "url": node.get("url")}
    if node.get("__typename") == "Commit":
        return {"type": "commit", "sha": node.get("oid"), "url": node.get("url")}
    return None


def pull_from_graphql(node: dict, full_name: str) -> PullRequest:
    base = (node.get("baseRepository") or {}).get("nameWithOwner") or full_name
    review_comments: list[ReviewComment] = []
    for review in nodes_of(node.get("reviews")):
        for comment in nodes_of(review.get("comments")):
            review_comments.append({**_comment(comment), "path": comment.get("path"), "line": comment.get("line")})
    state = (node.get("state") or "").lower()
    return {
        "number": node.get("number"), "title": node.get("title") or "", "body": node.get("body") or "",
        "url": node.get("url"), **_who(node),
        "state": "closed" if state == "merged" else state or None, "state_reason": None, "closed_by": None,
        "created_at": node.get("createdAt"), "closed_at": node.get("closedAt"),
        "merged": bool(node.get("merged")), "merged_at": node.get("mergedAt"),
        "base_repo": base, "head_repo": (node.get("headRepository") or {}).get("nameWithOwner"),
        "additions": node.get("additions"), "deletions": node.get("deletions"), "changed_files": node.get("changedFiles"),
        "labels": [label.get("name") for label in nodes_of(node.get("labels"))],
        "linked_issues": sorted({ref.get("number") for ref in nodes_of(node.get("closingIssuesReferences"))
                                 if ((ref.get("repository") or {}).get("nameWithOwner") or base).lower() == base.lower()}),
        "comments": [_comment(c) for c in nodes_of(node.get("comments"))],
        "review_comments": sorted(review_comments, key=lambda c: c.get("created_at") or ""),
    }


def reviews_given(pull_nodes: list, owner: str, full_name: str) -> list[Review]:
    reviews: list[Review] = []
    for node in pull_nodes:
        author, _ = _person(node.get("author"))
        if (author or "").lower() == owner.lower():
            continue  # a comment on one's own pull request is not a review given
        for review in nodes_of(node.get("reviews")):
            login, _ = _person(review.get("author"))
            if (login or "").lower() != owner.lower():
                continue
            reviews.append({
                "pr_number": node.get("number"), "pr_url": node.get("url"), "repo": full_name, "author": login,
                "state": review.get("state"), "body": review.get("body") or "", "submitted_at": review.get("submittedAt"),
                "url": review.get("url"),
                "comments": [{"path": c.get("path"), "line": c.get("line"), "body": c.get("body") or "", "url": c.get("url")}
                             for c in nodes_of(review.get("comments"))],
            })
    return reviews


def discussion_from_graphql(node: dict) -> Discussion:
    answer = node.get("answer")
    comments: list[DiscussionComment] = []
    for comment in nodes_of(node.get("comments")):
        replies = [_comment(reply) for reply in nodes_of(comment.get("replies"))]
        comments.append({**_comment(comment), "is_answer": bool(comment.get("isAnswer")), "replies": replies})
    return {
        "number": node.get("number"), "title": node.get("title") or "", "url": node.get("url"), **_who(node),
        "category": (node.get("category") or {}).get("name"), "created_at": node.get("createdAt"),
        "is_answered": bool(node.get("isAnswered")),
        "answer_chosen_by": (node.get("answerChosenBy") or {}).get("login"),
        "answer_chosen_at": node.get("answerChosenAt"),
        "answer": ({"author": _person(answer.get("author"))[0], "url": answer.get("url"), "body": answer.get("body") or ""}
                   if answer else None),
        "comments": comments,
    }


def community_from_graphql(node: dict) -> list[CommunityFile]:
    def record(name: str, present: object, path: Optional[str] = None, url: Optional[str] = None) -> CommunityFile:
        return {"name": name, "present": bool(present), "path": path, "url": url}

    contributing = node.get("contributingGuidelines") or {}
    issue_templates = node.get("issueTemplates") or []
    pull_templates = node.get("pullRequestTemplates") or []
    conduct = node.get("codeOfConduct") or {}
    return [
        record("contributing", contributing, _path_in_blob_url(contributing.get("url")), contributing.get("url")),
        record("issue_template", issue_templates,
               f".github/ISSUE_TEMPLATE/{issue_templates[0]['filename']}" if issue_templates else None),
        record("pull_request_template", pull_templates, pull_templates[0].get("filename") if pull_templates else None),
        record("code_of_conduct", node.get("codeOfConduct"), None, conduct.get("url")),
        record("license", node.get("licenseInfo")),
    ]


def _path_in_blob_url(url: Optional[str]) -> Optional[str]:
    match = re.search(r"/blob/[^/]+/(.+)$", url or "")
    return match.group(1) if match else None


def community_from_rest(profile: dict) -> list[CommunityFile]:
    files = profile.get("files") or {}
    records: list[CommunityFile] = []
    for name in ("contributing", "issue_template", "pull_request_template", "code_of_conduct", "license"):
        entry = files.get(name) or (files.get("code_of_conduct_file") if name == "code_of_conduct" else None)
        url = (entry or {}).get("html_url")
        records.append({"name": name, "present": bool(entry), "path": _path_in_blob_url(url), "url": url})
    return records


def _login_of(user: Optional[dict]) -> tuple:
    if not user:
        return None, None
    return user.get("login"), user.get("type") or "User"


def rest_who(item: dict) -> Who:
    login, kind = _login_of(item.get("user"))
    return {"author": login, "author_type": kind, "author_association": item.get("author_association")}


def repo_of_api_url(url: Optional[str]) -> Optional[str]:
    match = re.search(r"/repos/([^/]+/[^/]+)", url or "")
    return match.group(1) if match else None


def contribution(item: dict, role: str) -> Contribution:
    repo = repo_of_api_url(item.get("repository_url"))
    pull = item.get("pull_request") or {}
    return {
        "role": role, "number": item.get("number"), "title": item.get("title") or "", "url": item.get("html_url"),
        "repo": repo, "base_repo": repo, "head_repo": None, **rest_who(item),
        "state": item.get("state"), "merged": bool(pull.get("merged_at")), "created_at": item.get("created_at"),
        "merged_at": pull.get("merged_at"), "closed_at": item.get("closed_at"), "body": item.get("body") or "",
        "comments_count": item.get("comments") or 0,
    }


def base_repo(listing: dict) -> dict:
    """The fields of a RepoSnapshot that the REST listing gives, whatever the path that reads the rest."""
    # Values enter the snapshot here, typed: a server that sends a number for a description
    # must not reach the renderer as one.
    def text(key):
        value = listing.get(key)
        return value if isinstance(value, str) else None

    listed_topics = listing.get("topics")
    topics = listed_topics if isinstance(listed_topics, list) else []
    return {
        "name": str(listing["name"]), "full_name": str(listing["full_name"]), "description": text("description"),
        "topics": tuple(t for t in topics if isinstance(t, str)), "default_branch": text("default_branch"),
        "is_fork": bool(listing.get("fork")), "is_archived": bool(listing.get("archived")),
        "created_at": text("created_at"), "pushed_at": text("pushed_at"),
        "html_url": text("html_url"),
    }



def number_of(url: Optional[str]) -> Optional[int]:
    match = re.search(r"/(\d+)$", url or "")
    return int(match.group(1)) if match else None


def commit_from_rest(item: dict) -> Commit:
    commit = item.get("commit") or {}
    message = (commit.get("message") or "").replace("\r\n", "\n")
    subject, _, body = message.partition("\n")
    author = commit.get("author") or {}
    login = (item.get("author") or {}).get("login")
    return Commit(sha=item.get("sha") or "", subject=subject.strip(), body=body.strip("\n").strip(),
                  author=login or author.get("name") or "", authored_at=author.get("date") or "")


def issue_from_rest(item: dict) -> Issue:
    return {
        "number": item.get("number"), "title": item.get("title") or "", "body": item.get("body") or "",
        "url": item.get("html_url"), **rest_who(item), "state": item.get("state"),
        "state_reason": item.get("state_reason"), "created_at": item.get("created_at"),
        "closed_at": item.get("closed_at"), "closed_by": (item.get("closed_by") or {}).get("login"),
        "labels": [label.get("name") for label in item.get("labels") or [] if isinstance(label, dict)],
        "comments": [],
    }


def pull_from_rest(item: dict, full_name: str) -> PullRequest:
    base = ((item.get("base") or {}).get("repo") or {}).get("full_name") or full_name
    head = ((item.get("head") or {}).get("repo") or {}).get("full_name")
    return {
        "number": item.get("number"), "title": item.get("title") or "", "body": item.get("body") or "",
        "url": item.get("html_url"), **rest_who(item), "state": item.get("state"), "state_reason": None,
        "closed_by": None, "created_at": item.get("created_at"), "closed_at": item.get("closed_at"),
        "merged": bool(item.get("merged_at")), "merged_at": item.get("merged_at"),
        "base_repo": base, "head_repo": head, "additions": None, "deletions": None, "changed_files": None,
        "labels": [label.get("name") for label in item.get("labels") or [] if isinstance(label, dict)],
        "linked_issues": [], "comments": [], "review_comments": [],
    }

