"""``polywire serve``: the web UI and the JSON API on one store."""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from polywire.cli.common import DbOption, app, err, require_store, safe
from polywire.config import Settings


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; 0.0.0.0 exposes it to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web UI (stories, versions side by side, search) and the JSON API.

    Pages and read endpoints are open; ingest over HTTP needs POLYWIRE_API_TOKEN.
    API documentation: http://HOST:PORT/docs
    """
    import uvicorn

    from polywire.web import create_app

    settings = Settings.from_env(db=db)
    require_store(settings)
    if not settings.open_reads and not settings.api_token:
        err.print(
            "[red]Reads are closed (POLYWIRE_OPEN_READS=0) but no POLYWIRE_API_TOKEN is set:[/] "
            "every page and read would answer 401. Set a token, or open reads.",
            highlight=False,
        )
        raise typer.Exit(2)
    if settings.open_reads and not _loopback(host):
        err.print(
            f"[yellow]warning[/] {safe(host)} is reachable from other machines and reads are "
            "open: anyone who can reach it can read every stored article. Set "
            "POLYWIRE_OPEN_READS=0 to require the API token for reads too.",
            highlight=False,
        )
    err.print(
        f"Serving {safe(settings.db)} on http://{host}:{port}/  (API docs: /docs; stop: Ctrl-C)",
        soft_wrap=True,  # a wrapped URL cannot be clicked or copied
        highlight=False,
    )
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


def _loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
