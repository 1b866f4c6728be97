# This file is generated from webwork_async/_async/__init__.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
