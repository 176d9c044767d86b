"""`vinny replica serve`: the bundled offline copy of the venue sites, until interrupted."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from cyclopts import App, Parameter

replica_app = App(name="replica", help="The bundled offline copy of the venue sites.")


@replica_app.command
def serve(
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    catalog: Path | None = None,
    generate: Annotated[int, Parameter(help="serve N generated events instead")] = 0,
    seed: int = 1,
) -> None:
    """Serve the replica until interrupted."""
    from vinny.dev_replica import replica_main

    args = ["serve", "--host", host, "--port", str(port), "--seed", str(seed)]
    if catalog:
        args += ["--catalog", str(catalog)]
    if generate:
        args += ["--generate", str(generate)]
    replica_main(args)
