"""The replica: a bundled offline copy of the venue sites (LIV, WynnSocial, TAO, Zouk) and its
server.

`{replica}/HOST/PATH?QUERY` answers as `https://HOST/PATH?QUERY` would; see server.py.
A development package at the top of the checkout, beside `vinny/`: the tests, the bench and
`vinny demo` use it; the Scrapyd egg (`vinny*`, `spiders*`) does not contain it.
"""

from .catalog import generate, load_catalog
from .reply import Reply
from .server import ReplicaRequest, ReplicaServer

__all__ = ["ReplicaRequest", "ReplicaServer", "Reply", "generate", "load_catalog"]
