"""The replica: a bundled offline copy of the venue sites (LIV, WynnSocial, TAO) and its server.

`{replica}/HOST/PATH?QUERY` answers as `https://HOST/PATH?QUERY` would; see server.py.
"""

from .catalog import generate, load_catalog
from .reply import Reply
from .server import ReplicaRequest, ReplicaServer

__all__ = ["ReplicaRequest", "ReplicaServer", "Reply", "generate", "load_catalog"]
