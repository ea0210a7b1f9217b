"""The FastAPI application: API routers, and the editor's files at `/`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from netcanvas import __version__
from netcanvas.graph import Graph

from .db.migrate import upgrade
from .deps import signed_in
from .limits import BodyLimit
from .localise import localise_errors
from .logs import hide_credentials
from .paths import NoDotSegments
from .routes import (
    auth,
    classroom,
    datasets,
    generated,
    graphs,
    health,
    inference,
    inside,
    jobs,
    layers,
    networks,
    pretrained,
    projects,
    published,
    results,
    user_limits,
    users,
)
from .schemas import GRAPH_DOCUMENT_MARK
from .settings import get_settings

FRONTEND = Path(__file__).resolve().parent.parent / "frontend"


def create_app(*, migrate: bool = True) -> FastAPI:
    """The service, its database migrated to the newest schema first unless `migrate` is off."""
    hide_credentials()
    if migrate:
        upgrade(get_settings().database)
    app = FastAPI(
        title="NetCanvas",
        version=__version__,
        description="Design neural networks visually, validate them live, train them with PyTorch.",
    )
    app.include_router(health.router)
    app.include_router(auth.router)  # signing in needs no credentials; its other routes do
    for module in (
        layers,
        graphs,
        projects,
        networks,
        datasets,
        jobs,
        results,
        users,
        user_limits,
        classroom,
        published,
        inference,
        pretrained,
        inside,
        generated,
    ):
        app.include_router(module.router, dependencies=[Depends(signed_in)])
    _publish_graph_schema(app)
    localise_errors(app)
    app.add_middleware(BodyLimit)
    app.add_middleware(NoDotSegments)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=get_settings().hosts)
    static = frontend_dir()
    if static is not None:
        app.mount("/", StaticFiles(directory=static, html=True), name="frontend")
    return app


def frontend_dir() -> Path | None:
    """The built editor when there is one, else the shell page."""
    configured = os.environ.get("NETCANVAS_FRONTEND_DIR")
    for candidate in (
        Path(configured) if configured else None,
        FRONTEND / "dist",
        FRONTEND / "shell",
    ):
        if candidate is not None and (candidate / "index.html").is_file():
            return candidate
    return None


def _publish_graph_schema(app: FastAPI) -> None:
    """Put `Graph` into the OpenAPI components, since validate reads its body by hand, and
    make every `GraphDocument` field a reference to it."""
    original = app.openapi

    def openapi() -> dict[str, object]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = original()
        definitions = Graph.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(definitions.pop("$defs", {}))
        components["Graph"] = definitions
        _document_capped_items(components)
        published: dict[str, object] = _refer_to_graph(schema)
        app.openapi_schema = published
        return published

    app.openapi = openapi  # type: ignore[method-assign]


def _document_capped_items(components: dict[str, Any]) -> None:
    """Show in FastAPI's `ValidationError` schema what `backend.localise.capped` may put in
    an item's place of a long `input` (`input_excerpt`, `input_bytes`) and the `code` and
    `params` that `backend.localise` adds to an item (its `msg` worded from them), all
    optional; the rest of the answers are FastAPI's."""
    item = components.get("ValidationError")
    if not isinstance(item, dict):
        return
    properties = item.setdefault("properties", {})
    properties["input_excerpt"] = {
        "title": "Input Excerpt",
        "type": "string",
        "description": "The start of the JSON text of an `input` too long to echo (left out).",
    }
    properties["input_bytes"] = {
        "title": "Input Bytes",
        "type": "integer",
        "description": "The size in bytes of the JSON text of the `input` left out.",
    }
    properties.setdefault("code", {
        "title": "Code",
        "type": "string",
        "description": "A NetCanvas message code (a text field's `text.*`), as `type`.",
    })  # fmt: skip
    properties["params"] = {
        "title": "Params",
        "type": "object",
        "additionalProperties": True,
        "description": "The params of `code` that `msg` is worded from, the field (`field`) "
        "named; a param may be a message itself (`{code, params}`).",
    }


def _refer_to_graph(value: Any) -> Any:
    """`value` with each schema marked as a graph document replaced by a `$ref` to Graph."""
    if isinstance(value, dict):
        if value.get(GRAPH_DOCUMENT_MARK):
            kept = {k: v for k, v in value.items() if k in ("title", "description")}
            return {"$ref": "#/components/schemas/Graph", **kept}
        return {key: _refer_to_graph(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_refer_to_graph(item) for item in value]
    return value
