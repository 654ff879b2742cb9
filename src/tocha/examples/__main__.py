"""``python -m tocha.examples run|merge``: the engine's commands on a machine without the site generator."""

import sys

from tocha.examples.run import main

sys.exit(main())
