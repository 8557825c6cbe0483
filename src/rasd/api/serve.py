"""`rasd serve`: the API, the web page and the OpenAPI docs over one store."""

from __future__ import annotations

import os

import click

from rasd.api.ingest import TOKEN_VARIABLE

DB_HELP = "Store: a SQLite file path, sqlite:///path, or postgresql://user@host/dbname."


@click.command()
@click.option("--db", default="rasd.db", show_default=True, help=DB_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option(
    "--rate-limit",
    default=50.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="API requests per second and client address (bursts of 4 seconds' worth); 0: unlimited.",
)
def serve(db: str, host: str, port: int, rate_limit: float) -> None:
    """Serve the web page at http://HOST:PORT/, the JSON API under /api and its docs at /docs.

    Writes (POST /api/ingest) are enabled only when the environment variable RASD_API_TOKEN
    holds a token; clients then send it as 'Authorization: Bearer <token>'.
    """
    import uvicorn

    from rasd.api import create_app

    try:
        app = create_app(db, token=os.environ.get(TOKEN_VARIABLE), rate_limit=rate_limit or None)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--db") from exc
    except Exception as exc:  # a refused connection or unreadable file: say so, don't trace
        raise click.ClickException(f"cannot open store {db}: {exc}") from exc
    if not os.environ.get(TOKEN_VARIABLE):
        click.echo(f"rasd serve: writes disabled ({TOKEN_VARIABLE} is not set)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
