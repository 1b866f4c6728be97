"""A FastAPI backend that shares ONE ``AsyncWebWork`` between all its requests.

It shows how to own the client in a web application: the lifespan creates it at start-up,
stores it on ``app.state``, and closes it at shutdown (so the connection pool and the rate
budget are shared by every request, and nothing leaks); a dependency hands it to the
endpoints; the SDK's typed errors are mapped to HTTP answers (``NotFoundError`` -> 404,
``InvalidRequestError`` -> 422, any other ``WebWorkError`` -> 502).

Endpoints:

``GET /projects/{project_id}/open-tasks``
    The open tasks of a project (``?limit=`` caps how many).
``POST /tasks/{task_id}/assign/{user_id}?project_id=``
    Assign a member to a task of the project.

Settings (environment variables): ``WEBWORK_TOKEN``, ``WEBWORK_BASE_URL`` (optional),
``WEBWORK_WORKSPACE_ID``; ``HOST`` and ``PORT`` for ``main()``.

Run it with ``python examples/fastapi_app.py`` (uvicorn) or ``uvicorn fastapi_app:app``
from this folder. Requires ``fastapi`` and ``uvicorn``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from webwork_async import (
    AsyncWebWork,
    InvalidRequestError,
    NotFoundError,
    Task,
    TaskStatus,
    WebWorkError,
)

DEFAULT_BASE_URL = "https://api.webwork-tracker.com/api/v2"

logger = logging.getLogger("fastapi_app")


class TaskOut(BaseModel):
    """A task as this backend exposes it."""

    id: int
    title: str
    priority: str | None
    assignee_ids: list[int]

    @classmethod
    def from_task(cls, task: Task) -> TaskOut:
        """Convert the SDK's model to the API's."""
        return cls(
            id=task.id,
            title=task.title,
            priority=None if task.priority is None else task.priority.name.lower(),
            assignee_ids=[assignee.id for assignee in task.assignees],
        )


class AssignmentOut(BaseModel):
    """The result of an assignment."""

    task_id: int
    user_id: int
    assigned: bool


class ErrorOut(BaseModel):
    """An error answer."""

    detail: str


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncGenerator[None, None]:
    """Create the one client at start-up, close it at shutdown."""
    client = AsyncWebWork(
        workspace_id=int(os.environ["WEBWORK_WORKSPACE_ID"]),
        base_url=os.environ.get("WEBWORK_BASE_URL") or DEFAULT_BASE_URL,
    )
    app.state.webwork = client
    logger.info("WebWork client opened")
    try:
        yield
    finally:
        await client.aclose()
        logger.info("WebWork client closed")


app = FastAPI(title="WebWork example backend", lifespan=lifespan)


def get_webwork(request: Request) -> AsyncWebWork:
    """Dependency: the application's client."""
    client = request.app.state.webwork
    if not isinstance(client, AsyncWebWork):  # pragma: no cover - lifespan did not run
        raise RuntimeError("the WebWork client is created by the app's lifespan")
    return client


WebWorkClient = Annotated[AsyncWebWork, Depends(get_webwork)]


@app.exception_handler(NotFoundError)
async def not_found(request: Request, error: Exception) -> JSONResponse:
    """A 404 from WebWork is a 404 here, with WebWork's message."""
    message = error.message if isinstance(error, NotFoundError) else str(error)
    return JSONResponse(status_code=404, content=ErrorOut(detail=message).model_dump())


@app.exception_handler(InvalidRequestError)
async def invalid_request(request: Request, error: Exception) -> JSONResponse:
    """Arguments the SDK refused before sending anything."""
    return JSONResponse(status_code=422, content=ErrorOut(detail=str(error)).model_dump())


@app.exception_handler(WebWorkError)
async def upstream_error(request: Request, error: Exception) -> JSONResponse:
    """Anything else WebWork said no to (or did not answer): a bad gateway."""
    logger.warning("WebWork call failed: %s", error)
    return JSONResponse(status_code=502, content=ErrorOut(detail=str(error)).model_dump())


@app.get("/projects/{project_id}/open-tasks", responses={404: {"model": ErrorOut}})
async def open_tasks(
    project_id: int,
    client: WebWorkClient,
    limit: Annotated[int | None, Query(ge=1, le=10_000)] = None,
) -> list[TaskOut]:
    """The open tasks of a project."""
    pager = client.tasks.list(project_id=project_id, status=TaskStatus.OPEN, max_items=limit)
    return [TaskOut.from_task(task) async for task in pager]


@app.post("/tasks/{task_id}/assign/{user_id}", responses={404: {"model": ErrorOut}})
async def assign(
    task_id: int, user_id: int, project_id: Annotated[int, Query()], client: WebWorkClient
) -> AssignmentOut:
    """Assign a member to a task (assigning twice changes nothing)."""
    await client.tasks.assign(task_id, user_id, project_id=project_id)
    return AssignmentOut(task_id=task_id, user_id=user_id, assigned=True)


def main() -> None:
    """Serve the app with uvicorn on ``HOST``:``PORT`` (default 127.0.0.1:8000)."""
    import uvicorn

    logging.basicConfig(level=logging.INFO)
    uvicorn.run(
        app, host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "8000"))
    )


if __name__ == "__main__":
    main()
