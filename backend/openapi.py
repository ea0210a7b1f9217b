"""Write the service's OpenAPI document to a file, without a server, database or torch.

`python -m backend.openapi OUT` builds the app unmigrated and dumps `app.openapi()` as JSON
with sorted keys and a trailing newline, so the output only changes when the API does. The
editor's typed client (`frontend/src/api/schema.ts`) is generated from that file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .app import create_app


def openapi_json() -> str:
    """The OpenAPI document as deterministic JSON text."""
    document = create_app(migrate=False).openapi()
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    """Write the document to the one path given."""
    if len(argv) != 1:
        print("usage: python -m backend.openapi OUT", file=sys.stderr)
        return 2
    Path(argv[0]).write_text(openapi_json(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
