"""Open the store a command's --db option names, for every CLI module (rasd, watch, incidents)."""

from __future__ import annotations

import click

from rasd.store import Store, open_store


def redact(url: str) -> str:
    """Hide a password in a store URL before printing it."""
    if "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}{':***' if ':' in credentials else ''}@{host}"


def open_cli_store(db: str) -> Store:
    """Open the store a --db value names, turning setup failures into clean one-line CLI errors."""
    try:
        return open_store(db)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--db") from exc
    except Exception as exc:  # a refused connection or unreadable file: report it, don't trace
        raise click.ClickException(f"cannot open store {redact(db)}: {exc}") from exc
