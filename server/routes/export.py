"""GET /api/runs/{id}/export: the run as a standalone plain-JAX script or notebook (server/export/)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response, status

from models.vocabulary import DATASET_BY_NAME
from server.deps import RunDep
from server.export.notebook import script_to_notebook
from server.export.script import export_script
from server.schemas.runs import ERROR_RESPONSES

router = APIRouter(prefix="/api/runs", tags=["runs"], responses=ERROR_RESPONSES)
MEDIA_TYPES = {"py": "text/x-python; charset=utf-8", "ipynb": "application/x-ipynb+json"}


@router.get(
    "/{run_id}/export",
    response_class=Response,
    responses={200: {"content": {media: {"schema": {"type": "string"}} for media in MEDIA_TYPES.values()}}},
)
def export_run(
    run: RunDep,
    request: Request,
    format: Annotated[Literal["py", "ipynb"], Query(description="A script or a notebook.")] = "py",
    lang: Annotated[Literal["en", "ja"], Query(description="Language of the comments.")] = "en",
) -> Response:
    """Plain JAX + optax code that trains this run's model on the same data with the same settings and seed."""
    if DATASET_BY_NAME[run.config.dataset.name].lab == "digits" and request.app.state.settings.mnist_dir:
        raise HTTPException(
            status.HTTP_409_CONFLICT, "export reproduces runs on the bundled 10k digits; this server uses full MNIST"
        )
    name = f"boundary-lab-{run.id}.{format}"
    script = export_script(run.config, run.id, lang, f"boundary-lab-{run.id}.py")
    content = script if format == "py" else script_to_notebook(script)
    return Response(
        content, media_type=MEDIA_TYPES[format], headers={"content-disposition": f'attachment; filename="{name}"'}
    )
