"""Who is asking. Every /api request has one caller, found by the server's keyring from the credentials it presents
(server/security.py's TokenGate asks it); routes read it through deps.py's `CallerDep` and never ask its kind.

* The teacher sees and controls every run. A server without a class has only this caller: with no token configured
  whoever reaches the server is it (the default, bound to loopback), with `--token T` whoever presents T.
* A learner (`--class`) sees only the runs they created. Another's run answers 404 exactly as an unknown id does,
  so a guessed id reveals nothing; the runs a learner creates carry their id as `owner`, which the per-learner cap
  counts.
* A joiner presents the class's join code, which only lets it join (POST /api/learners) and so become a learner.
"""

from __future__ import annotations

import hmac
import re
from typing import Protocol

from server.learners import Learner, LearnerRegistry

# Requests only the teacher may make: the class's roster and the class view (server/routes/class_view.py).
TEACHER_ONLY = (
    (re.compile(r"^/api/learners/?$"), "GET"),
    *((re.compile(r"^/api/class(/|$)"), method) for method in ("GET", "POST", "PUT", "PATCH", "DELETE")),
)
JOIN = (re.compile(r"^/api/learners/?$"), "POST")


class Caller(Protocol):
    @property
    def owner(self) -> str | None:
        """Stamped on the runs this caller creates: a learner's id; None for the teacher's runs."""

    @property
    def learner(self) -> Learner | None:
        """The learner making the request, if it is one."""

    def sees(self, owner: str | None) -> bool:
        """Whether this caller may see (and so control) a run with this owner."""

    def refusal(self, method: str, path: str) -> str | None:
        """Why this caller may not make this request (a 403), or None when it may."""


def _matches(rule: tuple[re.Pattern, str], method: str, path: str) -> bool:
    pattern, rule_method = rule
    return method == rule_method and pattern.match(path) is not None


class Teacher:
    owner = None
    learner = None

    def sees(self, owner: str | None) -> bool:
        return True

    def refusal(self, method: str, path: str) -> str | None:
        return None


TEACHER = Teacher()


class LearnerCaller:
    def __init__(self, learner: Learner):
        self.learner = learner
        self.owner = learner.id

    def sees(self, owner: str | None) -> bool:
        return owner == self.learner.id

    def refusal(self, method: str, path: str) -> str | None:
        if any(_matches(rule, method, path) for rule in TEACHER_ONLY):
            return "only the teacher's token may do this; a learner sees their own runs and GET /api/learners/me"
        return None


class Joiner:
    owner = None
    learner = None

    def sees(self, owner: str | None) -> bool:
        return False

    def refusal(self, method: str, path: str) -> str | None:
        if _matches(JOIN, method, path):
            return None
        return 'the join code only lets you join: POST /api/learners {"name": "…"} answers your own token'


class Keyring(Protocol):
    unauthorized: str  # the 401's detail: what a caller should present
    learners: LearnerRegistry | None  # the class's learners; None without a class

    def caller_for(self, token: str | None, cookie: str | None) -> Caller | None:
        """The caller a bearer `token` (header, or `?token=` on an event stream) or the learner cookie makes."""


class OpenDoor:
    """No token configured (the default, loopback only): everyone is the teacher, as a single user."""

    unauthorized = ""
    learners = None

    def caller_for(self, token: str | None, cookie: str | None) -> Caller | None:
        return TEACHER


def _same(presented: str | None, secret: str) -> bool:
    return presented is not None and hmac.compare_digest(presented.encode(), secret.encode())


class SharedToken:
    """`--token T` without a class: whoever presents T is the teacher (controls every run), as before classes."""

    unauthorized = (
        "missing or wrong token: send 'Authorization: Bearer <token>' (?token=<token> only on /api/runs/{id}/events)"
    )
    learners = None

    def __init__(self, token: str):
        self.token = token

    def caller_for(self, token: str | None, cookie: str | None) -> Caller | None:
        return TEACHER if _same(token, self.token) else None


class Classroom:
    """`--class`: the teacher's token, the join code of the class link, and the learners' own tokens (or cookie)."""

    unauthorized = (
        "missing or wrong credentials: open the class link (/?join=<code>), or send 'Authorization: Bearer <token>' "
        "with a learner token (POST /api/learners) or the teacher's (?token=<token> only on /api/runs/{id}/events)"
    )

    def __init__(self, teacher_token: str, join_code: str, learners: LearnerRegistry):
        self.teacher_token = teacher_token
        self.join_code = join_code
        self.learners = learners

    def admits(self, code: str | None) -> bool:
        """Whether `code` is the class's join code."""
        return _same(code, self.join_code)

    def learner_for(self, token: str | None) -> Learner | None:
        return self.learners.by_token(token) if token else None

    def caller_for(self, token: str | None, cookie: str | None) -> Caller | None:
        if token is None:
            learner = self.learner_for(cookie)
            return LearnerCaller(learner) if learner else None
        if _same(token, self.teacher_token):
            return TEACHER
        if self.admits(token):
            return Joiner()
        learner = self.learner_for(token)
        return LearnerCaller(learner) if learner else None


def keyring_for(token: str | None, classroom: bool, join_code: str | None, max_learners: int) -> Keyring:
    """The server's keyring from its settings: no token, one shared token, or a class."""
    if classroom:
        return Classroom(token, join_code, LearnerRegistry(max_learners))
    return SharedToken(token) if token else OpenDoor()
