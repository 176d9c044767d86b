"""`vinny replica serve`: the bundled offline copy of the venue sites, until interrupted.

A missing `--catalog`, a port out of range or already in use is one line and a non-zero exit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from cyclopts import App, Parameter

from vinny.cli.errors import CliError, port_number

replica_app = App(name="replica", help="The bundled offline copy of the venue sites.")


@replica_app.command
def serve(
    *,
    host: Annotated[str, Parameter(help="address to bind")] = "127.0.0.1",
    port: Annotated[int, Parameter(help="port to listen on; 0 picks a free one",
                                   validator=port_number)] = 8765,
    catalog: Annotated[Path | None, Parameter(help="a catalog JSON file; default: the "
                                                   "bundled one")] = None,
    generate: Annotated[int, Parameter(help="serve N generated events instead")] = 0,
    seed: Annotated[int, Parameter(help="seed of the generated events")] = 1,
) -> int:
    """Serve the replica until interrupted; prints its URL."""
    from vinny.dev_replica import replica_main

    if catalog is not None and not catalog.is_file():
        raise CliError(f"no catalog file {catalog}", 2)
    args = ["serve", "--host", host, "--port", str(port), "--seed", str(seed)]
    if catalog:
        args += ["--catalog", str(catalog)]
    if generate:
        args += ["--generate", str(generate)]
    try:
        return replica_main(args)
    except OSError as exc:
        raise CliError(f"cannot serve the replica on {host}:{port}: "
                       f"{exc.strerror or exc}") from None
    except ValueError as exc:
        raise CliError(f"cannot read the catalog {catalog}: {exc}") from None
