"""`python -m netcanvas_cli ...` runs the `netcanvas` command."""

import sys

from .main import main

sys.exit(main())
