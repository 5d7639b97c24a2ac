"""The learners of a class: who joined, the display name each chose, and the secret token that is their identity.

A learner's token is their whole identity (in the browser an HttpOnly cookie holds it, a script sends it as a bearer
token), so the registry keeps only its SHA-256: a look-up by digest needs no constant-time comparison, and the
registry never holds a secret it could leak. Learners live as long as the process, like their runs; the class is
bounded (`max_learners`), so joining in a loop cannot fill the memory.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import uuid
from dataclasses import dataclass


class ClassFull(Exception):
    """The class already has its `max_learners` learners."""


@dataclass(frozen=True)
class Learner:
    id: str
    name: str
    named: bool  # False while the name is the one given by default ("learner 3"), until the learner chooses one


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


class LearnerRegistry:
    def __init__(self, max_learners: int = 200):
        self.max_learners = max_learners
        self._by_digest: dict[bytes, Learner] = {}
        self._digest_by_id: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def join(self, name: str | None = None) -> tuple[Learner, str]:
        """A new learner and their token; without a name they are called "learner N" until they choose one."""
        token = secrets.token_urlsafe(24)
        with self._lock:
            if len(self._by_digest) >= self.max_learners:
                raise ClassFull(f"the class already has its {self.max_learners} learners")
            number = len(self._by_digest) + 1
            learner = Learner(uuid.uuid4().hex[:8], name or f"learner {number}", named=name is not None)
            self._by_digest[_digest(token)] = learner
            self._digest_by_id[learner.id] = _digest(token)
        return learner, token

    def by_token(self, token: str) -> Learner | None:
        with self._lock:
            return self._by_digest.get(_digest(token))

    def rename(self, learner_id: str, name: str) -> Learner:
        with self._lock:
            digest = self._digest_by_id[learner_id]
            learner = Learner(learner_id, name, named=True)
            self._by_digest[digest] = learner
            return learner

    def leave(self, learner_id: str) -> None:
        """Forget the learner: their token no longer opens anything, and their place in the class is free."""
        with self._lock:
            self._by_digest.pop(self._digest_by_id.pop(learner_id), None)

    def all(self) -> list[Learner]:
        with self._lock:
            return list(self._by_digest.values())
