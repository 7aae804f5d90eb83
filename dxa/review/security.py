"""Who may use the review app: the session's token, on every request but the static assets.

- A script sends `Authorization: Bearer TOKEN`.
- A browser opens the start URL `/?token=TOKEN` once; the token then rides in an HttpOnly,
  SameSite=Strict cookie for pages and GETs, and the page's own scripts send it as the
  bearer header on POST. A cookie alone never authorizes a POST, so another site cannot
  make the browser approve anything (no CSRF); a POST from another origin is refused too.
- The Host header must be one the server answers to, so a rebound DNS name cannot reach it.
Every page and API answer carries patient data, so GETs need the token too.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import secrets
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger("dxa.review")
COOKIE = "dxa_review"
OPEN_PREFIXES = ("/static/",)
SAFE_METHODS = ("GET", "HEAD")
HEADERS = {
    # Letter previews are srcdoc frames with their own inline CSS and data: images.
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self' data:; frame-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
}


def new_token() -> str:
    return secrets.token_urlsafe(24)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def same(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


class Guard:
    """ASGI middleware: host check, token check, security headers on every answer."""

    def __init__(self, app: ASGIApp, *, token: str, hosts: tuple[str, ...]) -> None:
        self.app = app
        self.token = token
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        refusal = self.refusal(request)
        if refusal is not None:
            await _with_headers(refusal)(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [
                    (name.encode(), value.encode())
                    for name, value in HEADERS.items()
                    if name.encode() not in present
                ]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        started = False

        async def send_tracked(message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send_with_headers(message)

        try:
            await self.app(scope, receive, send_tracked)
        except Exception as error:
            # A traceback names folders, and folder names carry patient IDs: log the kind only.
            log.error("review: %s failed (%s)", request.method, type(error).__name__)
            if not started:
                answer = _error(500, "Something went wrong on the server; nothing was written.")
                await _with_headers(answer)(scope, receive, send)

    def refusal(self, request: Request) -> Response | None:
        """The answer that stops this request, or None to let it through."""
        if (request.url.hostname or "") not in self.hosts:
            return _error(400, "This server answers only to its own address.")
        if request.url.path.startswith(OPEN_PREFIXES):
            return None
        if request.method in SAFE_METHODS:
            if same(request.query_params.get("token"), self.token):
                return _start_session(request, self.token)
            if same(bearer(request), self.token) or same(request.cookies.get(COOKIE), self.token):
                return None
            return _error(401, "Open the address printed when dxa review started (with its token).")
        origin = request.headers.get("origin")
        if origin is not None and origin != f"{request.url.scheme}://{request.url.netloc}":
            return _error(403, "Requests from another site are refused.")
        if not same(bearer(request), self.token):
            return _error(401, "This request needs the session's token (Authorization: Bearer).")
        return None


def _start_session(request: Request, token: str) -> Response:
    """Trade the token in the address for the session cookie, and drop it from the address."""
    rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
    target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/")
    return response


def _error(status: int, sentence: str) -> Response:
    return JSONResponse({"error": sentence}, status_code=status)


def _with_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response
