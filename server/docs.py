"""/docs: Swagger UI served from this repository, so it works offline and under the app's Content-Security-Policy.

FastAPI's stock page loads Swagger UI from a CDN and starts it with an inline <script>; `script-src 'self'` (see
server/security.py) blocks both, which left /docs blank. Here the page loads the copy that scripts/vendor_web.sh
vendors into web/vendor/swagger-ui/ (served by the static mount) and starts it from a same-origin script.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

SWAGGER_UI = "/vendor/swagger-ui"
SWAGGER_UI_FILES = ("swagger-ui-bundle.js", "swagger-ui.css")

PAGE = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Boundary Lab API</title>
  <link rel="icon" href="/favicon.svg">
  <link rel="stylesheet" href="{SWAGGER_UI}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{SWAGGER_UI}/swagger-ui-bundle.js"></script>
  <script src="/docs/start.js"></script>
</body>
</html>
"""

# validatorUrl null: by default Swagger UI sends the document to validator.swagger.io for a badge.
# The token (when the server requires one) rides along from the page's own ?token=, as the start-up banner prints it.
START_SCRIPT = """"use strict";
const token = new URLSearchParams(window.location.search).get("token");
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
  requestInterceptor: (request) => {
    if (token) request.headers["X-Boundary-Token"] = token;
    return request;
  },
});
"""

router = APIRouter(include_in_schema=False)


@router.get("/docs")
def docs_page() -> HTMLResponse:
    return HTMLResponse(PAGE)


@router.get("/docs/start.js")
def docs_start_script() -> Response:
    return Response(START_SCRIPT, media_type="text/javascript")


def swagger_ui_vendored(web_dir: Path) -> bool:
    """/docs is offered only where the vendored files are served: a page without them would be blank."""
    return all((web_dir / SWAGGER_UI.lstrip("/") / name).is_file() for name in SWAGGER_UI_FILES)
