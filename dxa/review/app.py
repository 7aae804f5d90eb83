"""`dxa review`: the clinician's screen over a batch/watch output folder (issue 14).

Two pages (the queue, one report) and the JSON API of the contract, which the pages use.
Every answer is built from the folder's own files, found by `store.scan`; the client names
a report by its opaque id only. Heavy work (PDF pages, letters) runs in a worker thread;
approvals run one at a time.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from dxa.letters.config import ClinicConfig
from dxa.parser.limits import REVIEW_MAX_BODY_BYTES
from dxa.parser.model import Side, Site
from dxa.review import approve as approval
from dxa.review import source as sources
from dxa.review.security import Guard
from dxa.review.store import FAILED, STATUS_ORDER, Item, approvals, counts, read_json, scan
from dxa.review.store import find as find_item

HERE = Path(__file__).resolve().parent
_ID = re.compile(r"[0-9a-f]{16}")
STATUS_NAMES = {
    "needs_review": "Needs review",
    "approved": "Approved",
    "final": "Final",
    "failed": "Failed",
}
CONTEXT_FIELDS = (  # (key, label, input type); fractures and FRAX have their own inputs
    ("age", "Age (years)", "number"),
    ("glucocorticoids_mg_per_day", "Glucocorticoids (mg/day)", "number"),
    ("glucocorticoid_months", "Glucocorticoid months", "number"),
    ("on_treatment", "Current treatment", "text"),
    ("height_loss_cm", "Height loss (cm)", "number"),
    ("falls_last_year", "Falls in the last year", "number"),
)


@dataclass(frozen=True)
class Settings:
    out_dir: Path
    token: str
    clinic: ClinicConfig
    hosts: tuple[str, ...] = ("127.0.0.1", "localhost")


class NotFound(LookupError):
    pass


def create_app(settings: Settings) -> Starlette:
    """The ASGI app; `settings.hosts` are the names the Host header may carry."""
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    lock = threading.Lock()

    def find(request: Request) -> Item:
        wanted = request.path_params["id"]
        item = find_item(settings.out_dir, wanted) if _ID.fullmatch(wanted) else None
        if item is None:
            raise NotFound
        return item

    async def queue_page(request: Request) -> Response:
        items = scan(settings.out_dir)
        wanted = request.query_params.get("status")
        wanted = wanted if wanted in STATUS_ORDER else None
        shown = [i for i in items if i.status == wanted] if wanted else items
        return templates.TemplateResponse(
            request,
            "queue.html",
            {
                "items": shown,
                "counts": counts(items),
                "total": len(items),
                "status": wanted,
                "names": STATUS_NAMES,
            },
        )

    async def report_page(request: Request) -> Response:
        try:
            item = find(request)
        except NotFound:
            return _missing()
        if item.status == FAILED:
            return _error(409, "This file failed to read; there is nothing to review.")
        detail = await run_in_threadpool(report_detail, item)
        return templates.TemplateResponse(
            request,
            "report.html",
            {
                "item": item,
                "detail": detail,
                "token": settings.token,
                "names": STATUS_NAMES,
                "sites": [s.value for s in Site],
                "sides": [s.value for s in Side],
                "context_fields": CONTEXT_FIELDS,
            },
        )

    async def list_reports(request: Request) -> Response:
        return JSONResponse([item.summary() for item in scan(settings.out_dir)])

    async def show_report(request: Request) -> Response:
        try:
            item = find(request)
        except NotFound:
            return _missing()
        if item.status == FAILED:
            return JSONResponse({**item.summary(), "record": None, "interpretation": None})
        return JSONResponse(await run_in_threadpool(report_detail, item))

    async def page_image(request: Request) -> Response:
        try:
            item = find(request)
        except NotFound:
            return _missing()
        source = item.source_file() if item.folder else None
        page = request.path_params["page"]
        if source is None or source.suffix != ".pdf":
            return _missing()
        pages, _ = await run_in_threadpool(sources.pdf_boxes, source, {})
        if not 0 <= page < pages:
            return _missing()
        png = await run_in_threadpool(sources.pdf_page_png, source, page)
        return Response(png, media_type="image/png")

    async def preview(request: Request) -> Response:
        return await _corrections_call(request, _preview)

    async def approve(request: Request) -> Response:
        def locked(item: Item, corrections: approval.Corrections) -> Response:
            with lock:
                entry = approval.approve(item, corrections, settings.clinic, settings.out_dir)
            return JSONResponse({"id": item.id, "status": "approved", **entry})

        return await _corrections_call(request, locked)

    def _preview(item: Item, corrections: approval.Corrections) -> Response:
        reviewed = approval.apply(item, corrections, settings.clinic.interpretation.lsc)
        letters = approval.preview_letters(item, reviewed, settings.clinic)
        return JSONResponse(
            {
                "interpretation": reviewed.interpretation.to_json_dict(),
                "letters": letters,
            }
        )

    async def _corrections_call(request: Request, work) -> Response:
        try:
            item = find(request)
        except NotFound:
            return _missing()
        if item.status == FAILED:
            return _error(409, "This file failed to read; there is nothing to approve.")
        if "application/json" not in request.headers.get("content-type", "application/json"):
            return _error(415, "Send the corrections as JSON.")
        raw = await request.body()
        try:
            body = _json(raw)
            corrections = approval.corrections_from(body)
            return await run_in_threadpool(work, item, corrections)
        except approval.CorrectionError as error:
            return _error(400, str(error))
        except approval.StillHeld as error:
            return JSONResponse(
                {
                    "error": "Still held for review: " + str(error),
                    "review_reasons": error.reasons,
                },
                status_code=409,
            )

    routes = [
        Route("/", queue_page),
        Route("/reports/{id}", report_page),
        Route("/api/reports", list_reports),
        Route("/api/reports/{id}", show_report),
        Route("/api/reports/{id}/pages/{page:int}.png", page_image),
        Route("/api/reports/{id}/preview", preview, methods=["POST"]),
        Route("/api/reports/{id}/approve", approve, methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes)
    app.add_middleware(Guard, token=settings.token, hosts=settings.hosts)
    return app


def _json(raw: bytes) -> Any:
    import json

    if not raw.strip():
        return None
    if len(raw) > REVIEW_MAX_BODY_BYTES:
        raise approval.CorrectionError("The request is too large.")
    try:
        return json.loads(raw)
    except ValueError:
        raise approval.CorrectionError("The request body is not valid JSON.") from None


def report_detail(item: Item) -> dict[str, Any]:
    """Record, interpretation, context, approvals and the source view of one report."""
    record = read_json(item.path("_record.json"))
    interpretation = read_json(item.path("_interpretation.json"))
    context_file = item.path("_context.json")
    return {
        **item.summary(),
        "record": record,
        "interpretation": interpretation,
        "context": read_json(context_file) if context_file.is_file() else {},
        "approvals": approvals(item.folder, item.stem),
        "source": source_view(item, record, list(item.review_reasons)),
    }


def source_view(item: Item, record: dict[str, Any], reasons: list[dict[str, str]]) -> dict:
    path = item.source_file()
    keys = sources.value_keys(record, reasons)
    if path is None:
        return {"kind": None}
    if path.suffix == ".pdf":
        pages, boxes = sources.pdf_boxes(path, keys)
        return {"kind": "pdf", "pages": pages, "boxes": [b.to_json() for b in boxes]}
    return {"kind": "text", "lines": sources.text_lines(path, keys)}


def _missing() -> Response:
    return _error(404, "No such report in this folder.")


def _error(status: int, sentence: str) -> Response:
    return JSONResponse({"error": sentence}, status_code=status)
