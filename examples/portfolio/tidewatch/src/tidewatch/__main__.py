"""Allow ``python -m tidewatch`` when the console script is not on PATH."""

import sys

from tidewatch.cli import main

sys.exit(main())
