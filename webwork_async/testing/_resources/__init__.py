"""The resources of the fake, one module each (``_common`` holds what several share): its
routes, declared on its handlers, and where it has them its record, table, renderer,
seeding and what ``FakeWebWork`` offers for it. The app serves every module found here.

Where the docs are silent: unknown or invisible ids in the path (and the scoping
``project_id`` / ``contract_id`` of task calls) are 404s, ids inside a payload 422s; creates
answer 201; only real changes count as applied; payload user ids must be *active* members
(422); a broken state rule (approve a timesheet not submitted) is a 422 with a ``message``
and no ``errors``, malformed input a 422 with Laravel's ``errors``.
"""
