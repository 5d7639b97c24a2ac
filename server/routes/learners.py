"""A class's learners (`boundary-lab serve --class`): join, see and rename yourself; the teacher sees the roster.

A browser joins through the class link (server/security.py's JoinLink sets its cookie); a script joins here with
the join code as its bearer token and gets a learner token of its own. Which caller may call what is decided once,
in server/callers.py: a learner asking for the roster gets 403, a joiner anything but joining.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response, status

from server.deps import CallerDep, Learners, Manager
from server.learners import ClassFull, Learner
from server.schemas.learners import LearnerInfo, LearnerJoined, LearnerList, LearnerName
from server.schemas.runs import ErrorBody
from server.security import LEARNER_COOKIE, set_learner_cookie

router = APIRouter(prefix="/api/learners", tags=["learners"])
NO_CLASS = {404: {"model": ErrorBody, "description": "This server has no class, or the caller is not a learner."}}


def _info(learner: Learner) -> LearnerInfo:
    return LearnerInfo(id=learner.id, name=learner.name, named=learner.named)


def _yourself(caller: CallerDep) -> Learner:
    if caller.learner is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "you are not a learner of this class (the teacher's token?)")
    return caller.learner


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={**NO_CLASS, 409: {"model": ErrorBody, "description": "The class is full (`max_learners`)."}},
)
def join(body: LearnerName, learners: Learners, request: Request, response: Response) -> LearnerJoined:
    """Join the class with the join code (or the teacher's token) as the bearer token: a new learner with the
    chosen name, who sees only their own runs. The answer holds their token and sets it as a cookie."""
    try:
        learner, token = learners.join(body.name)
    except ClassFull as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    set_learner_cookie(response, token, secure=request.url.scheme == "https")
    response.headers["Location"] = "/api/learners/me"
    return LearnerJoined(**dict(_info(learner)), token=token)


@router.get("", responses=NO_CLASS)
def roster(learners: Learners) -> LearnerList:
    """Every learner of the class (the teacher's token only)."""
    return LearnerList(learners=[_info(learner) for learner in learners.all()])


@router.get("/me", responses=NO_CLASS)
def me(caller: CallerDep) -> LearnerInfo:
    """The learner making the request: their id (their runs' `owner`) and name."""
    return _info(_yourself(caller))


@router.patch("/me", responses=NO_CLASS)
def rename(body: LearnerName, caller: CallerDep, learners: Learners) -> LearnerInfo:
    """Choose the name the teacher sees."""
    return _info(learners.rename(_yourself(caller).id, body.name))


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT, responses=NO_CLASS)
def leave(caller: CallerDep, learners: Learners, manager: Manager, response: Response) -> None:
    """Leave the class: your runs are deleted, your token is forgotten and the browser's cookie cleared; the class
    link makes a new learner."""
    learner = _yourself(caller)
    for run in manager.all():
        if run.owner == learner.id:
            manager.delete(run.id, wait=None)
    learners.leave(learner.id)
    response.delete_cookie(LEARNER_COOKIE, path="/", httponly=True, samesite="strict")
