"""Who may use the web app, and how a write must be asked for.

- Listening on anything but this machine (``--host 0.0.0.0``) needs a password
  (``--password`` or ``JXC_WEB_PASSWORD``): :func:`refuse_open_host`.  With a password,
  every request carries it by HTTP basic auth (the browser asks once per session);
  compared in constant time.
- On localhost, requests must name a local host (``Host: 127.0.0.1:8765``): a web page
  elsewhere cannot reach the ledger by pointing its own domain name at 127.0.0.1 (DNS
  rebinding).
- Every form carries a CSRF token equal to a cookie the app set (the double-submit
  pattern, with ``SameSite=Strict``); a write without it, or from another origin, is
  refused and writes nothing: :func:`checked_form`.
- Writes are POST only; a GET never writes.  ``--read-only`` refuses every POST.
- The pages load scripts, styles and fonts from this server only (a Content Security
  Policy of ``'self'``), so nothing is fetched from the internet.
"""

from __future__ import annotations

import base64
import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import PlainTextResponse

from jxc.errors import LedgerError

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
CSRF_COOKIE = "jxc_csrf"
USER_PASSWORD_SEPARATOR = ":"   # RFC 7617: basic credentials are user-id ":" password
CSRF_FIELD = "csrf"
# Vega compiles its expressions with `new Function`, hence 'unsafe-eval' for scripts from
# this server; nothing may come from anywhere else.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
       "form-action 'self'; base-uri 'none'")


@dataclass(frozen=True)
class WebOptions:
    """How `jxc web` runs: the ledger's directory, where it listens, what it allows."""

    root: Path
    host: str = "127.0.0.1"
    port: int = 8765
    read_only: bool = False
    password: str | None = None
    wait: float | None = None       # seconds a write waits for another writer's lock


def is_local(host: str) -> bool:
    """True for an address only this machine can reach."""
    return host in LOCAL_HOSTS or host.startswith("127.")


def refuse_open_host(host: str, password: str | None) -> None:
    """Listening beyond this machine without a password is refused (SPEC: ``--host``
    other than localhost requires ``--password`` or ``JXC_WEB_PASSWORD``)."""
    if not is_local(host) and not password:
        raise LedgerError(f"--host {host} lets other machines in: give --password (or set"
                          " JXC_WEB_PASSWORD), or listen on 127.0.0.1")


def _host_name(header: str) -> str:
    """The name in a Host header, without its port (``[::1]:8765`` → ``[::1]``)."""
    if header.startswith("["):
        return header.split("]")[0] + "]"
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _password_ok(header: str | None, password: str) -> bool:
    """HTTP basic auth with any user name and ``password``, compared in constant time."""
    if not header or not header.lower().startswith("basic "):
        return False
    try:
        given = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return False
    return hmac.compare_digest(given.partition(USER_PASSWORD_SEPARATOR)[2].encode("utf-8"), password.encode("utf-8"))


class Guard(BaseHTTPMiddleware):
    """Host check, password, the CSRF cookie and the security headers of every response."""

    def __init__(self, app, options: WebOptions):
        super().__init__(app)
        self.options = options

    async def dispatch(self, request, call_next):
        o = self.options
        if is_local(o.host) and not is_local(_host_name(request.headers.get("host", ""))):
            return PlainTextResponse("jxc web answers on localhost only", status_code=403)
        if o.password and not _password_ok(request.headers.get("authorization"), o.password):
            return PlainTextResponse("the password of this jxc web is needed", status_code=401,
                                     headers={"WWW-Authenticate": 'Basic realm="jxc", charset="UTF-8"'})
        token = request.cookies.get(CSRF_COOKIE)
        fresh = not token or len(token) < 32
        if fresh:
            token = secrets.token_urlsafe(32)
        request.state.csrf = token
        response = await call_next(request)
        if fresh:
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


class Refused(Exception):
    """A write the app refuses before reading it (no token, read-only): status and message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


async def checked_form(request, options: WebOptions):
    """The submitted form of a write, once it is known to be allowed.

    Refused (nothing is read further, nothing written) when the app is read-only, when the
    request comes from another origin, or when its CSRF token is missing or is not the
    cookie's.  Raises :class:`Refused`.
    """
    if options.read_only:
        raise Refused(403, "this jxc web is read-only (--read-only): nothing was written")
    origin = request.headers.get("origin")
    if origin and origin != "null" and origin.split("://", 1)[-1] != request.headers.get("host"):
        raise Refused(403, "a write from another site was refused: nothing was written")
    form = await request.form()
    cookie = request.cookies.get(CSRF_COOKIE, "")
    given = str(form.get(CSRF_FIELD, ""))
    if not cookie or not hmac.compare_digest(given.encode("utf-8"), cookie.encode("utf-8")):
        raise Refused(403, "the form's security token is missing or old: reload the page and"
                           " send it again (nothing was written)")
    return form
