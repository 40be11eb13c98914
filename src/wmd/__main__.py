"""``python -m wmd``: the same as the ``wmd`` command (see :mod:`wmd.cli`)."""

import sys

from wmd.cli import main

if __name__ == "__main__":
    sys.exit(main())
