"""`jxc web`: the ledger in a browser (see docs/commands/web.md and docs/web.md).

The command checks what it is asked (a password off localhost, the port free), builds
the app of :mod:`jxc.web.app` and serves it with uvicorn until Ctrl-C.  Everything it
needs is the ``jxc[web]`` extra; without it, one line names the extra.
"""

from __future__ import annotations

import socket
import sys
import threading
from typing import Optional

import typer

from jxc.cli.common import guarded, session
from jxc.errors import LedgerError

commands = typer.Typer()


def _need_extra() -> None:
    for module in ("starlette", "jinja2", "uvicorn", "multipart"):
        try:
            __import__(module)
        except ImportError:
            raise LedgerError(f"jxc web needs {module}: pip install 'jxc[web]'") from None


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (port 0: any free one); a port in use is one line."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as e:
        sock.close()
        raise LedgerError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def address(host: str, sock: socket.socket) -> str:
    port = sock.getsockname()[1]
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def _import_charts() -> None:
    try:
        import altair  # noqa: F401
    except ImportError:
        pass          # a page with a chart says which extra is missing


@commands.command()
@guarded
def web(host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; anything but"
                                 " localhost needs --password."),
        port: int = typer.Option(8765, "--port", min=0, max=65535, help="Port (0: any free one)."),
        read_only: bool = typer.Option(False, "--read-only", help="Show the ledger; refuse every write."),
        password: Optional[str] = typer.Option(None, "--password", envvar="JXC_WEB_PASSWORD",
                                               help="Password asked by the browser (HTTP basic auth)."
                                                    " Also JXC_WEB_PASSWORD.", show_envvar=False)):
    """Serve the ledger in a browser: dashboard, stock, reports and the write forms."""
    from jxc.ledger.files import find_ledger
    from jxc.web.guard import WebOptions, refuse_open_host
    refuse_open_host(host, password)
    _need_extra()
    import uvicorn

    from jxc.web.app import create_app
    s = session()
    root = find_ledger(s.ledger_path)
    app = create_app(WebOptions(root=root, host=host, port=port, read_only=read_only,
                                password=password or None, wait=s.wait))
    sock = listen(host, port)
    print(f"jxc web: {root.name} at {address(host, sock)}"
          + (" (read-only)" if read_only else "") + " — Ctrl-C stops", flush=True)
    # the charts' library takes a moment to import: done while the server starts and the
    # browser connects, not when the first page asks for a chart
    threading.Thread(target=_import_charts, daemon=True, name="jxc-web-charts").start()
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    sys.stdout.flush()
