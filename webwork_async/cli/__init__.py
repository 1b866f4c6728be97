"""The ``webwork`` command line: list resources, bulk-assign tasks from a CSV file, start and
stop trackers, all through the SDK's sync client. Standard library only (argparse, csv, json).

::

    export WEBWORK_TOKEN=...  WEBWORK_WORKSPACE_ID=1
    webwork tasks list --project-id 100 --format csv
    webwork tasks bulk-assign --csv pairs.csv --project-id 100 --results done.csv

``main(argv)`` returns the exit status: 0 success, 1 an API error or a failed row, 2 a usage
error, 130 interrupted.
"""

from __future__ import annotations

from ._app import main

__all__ = ["main"]
