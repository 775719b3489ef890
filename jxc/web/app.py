"""The web app: Starlette routes over :mod:`jxc.api`, Jinja2 templates, files from this package.

:func:`create_app` builds the app for one ledger.  Each request opens the ledger afresh
(settings and catalog read anew, the journal through the cache), so what the CLI wrote a
moment ago is on the next page; writes go through :meth:`jxc.api.Ledger.commit` under
the ledger's lock, the CLI's write path.  The pages compute nothing: every figure is a
report of the API, every cell's text the CLI's.
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from jxc.errors import LedgerError
from jxc.web.guard import CSRF_FIELD, Guard, WebOptions

HERE = Path(__file__).parent
NAV = (("/", "Dashboard"), ("/stock", "Stock"), ("/sell", "Sell"), ("/buy", "Buy"),
       ("/count", "Count"), ("/transfer", "Transfer"), ("/orders", "Orders"), ("/reports", "Reports"))


def _templates() -> Jinja2Templates:
    from jxc.reports.render import text_of
    t = Jinja2Templates(directory=str(HERE / "templates"))
    t.env.globals.update(text_of=text_of, csrf_field=CSRF_FIELD, nav=NAV)
    t.env.filters["numeric"] = lambda col: col.kind in ("qty", "money", "ratio", "int")
    return t


class Site:
    """What every handler needs: the options, the templates, the ledger."""

    def __init__(self, options: WebOptions):
        self.options = options
        self.templates = _templates()

    def ledger(self):
        """The ledger, opened afresh for this request."""
        from jxc.api import open_ledger
        return open_ledger(self.options.root, wait=self.options.wait)

    def page(self, request, template: str, status: int = 200, **context) -> HTMLResponse:
        """A page: ``template`` with the context every page has (nav, token, read-only)."""
        context.update(request=request, csrf=getattr(request.state, "csrf", ""),
                       read_only=self.options.read_only, path=request.url.path)
        return self.templates.TemplateResponse(request, template, context, status_code=status)

    def problem(self, request, message: str, status: int = 400) -> HTMLResponse:
        """A page saying what went wrong, in the engine's words, on one line."""
        return self.page(request, "problem.html", status=status, message=message)



def create_app(options: WebOptions) -> Starlette:
    """The web app of the ledger at ``options.root`` (see :mod:`jxc.web.guard` for the
    options' meaning).  Raises LedgerError when the ledger cannot be found."""
    from jxc.ledger.files import find_ledger
    from jxc.web import forms, pages
    root = find_ledger(options.root)
    site = Site(WebOptions(root=root, host=options.host, port=options.port, read_only=options.read_only,
                           password=options.password, wait=options.wait))

    async def vega_js(request):
        from jxc.web.assets import chart_script
        try:
            body = await run_in_threadpool(chart_script)
        except LedgerError as e:
            return Response(f"console.error({str(e.problem.message)!r});", media_type="text/javascript")
        return Response(body, media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})

    routes = [
        *pages.routes(site),
        *forms.routes(site),
        Route("/static/vega.js", vega_js),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(Guard, options=site.options)])
    app.state.site = site
    return app
