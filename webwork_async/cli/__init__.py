"""The ``webwork`` command line: list resources, bulk-assign tasks from a CSV file, start and
stop trackers, all through the SDK's sync client. Standard library only (argparse, csv, json).

::

    export WEBWORK_TOKEN=...  WEBWORK_WORKSPACE_ID=1
    webwork tasks list --project-id 100 --format csv
    webwork tasks bulk-assign --csv pairs.csv --project-id 100 --results done.csv

``main(argv)`` returns the exit status: 0 success; 1 an API error (also a connection failure
or an answer that cannot be decoded) or a bulk row not done; 2 a usage error (options,
settings, input files), found before anything is sent; 130 interrupted. Every error is one
line on stderr, without the token.
"""

from __future__ import annotations

from ._app import main

__all__ = ["main"]
