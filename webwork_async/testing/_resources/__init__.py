"""The resources of the fake, one module each: its routes (declared on its handlers), and
where it has them its record, table, renderer, seeding and what ``FakeWebWork`` offers for
it. The app serves every module found here (``_resource.routes``); the plumbing the
handlers share is in ``_plumbing.py``.

Where the docs are silent the choices are:

* ids in the path that do not exist (or are not visible) answer 404; the scoping
  ``project_id`` / ``contract_id`` of task calls also answer 404 when unknown; ids inside a
  payload (``assignees``, ``parent_id``, ``user_id``, tracker ``contract_id``/``task_id``)
  fail validation with 422.
* POST /tasks answers 201 like the other creates (POST /projects, /contracts ...).
* Only changes count as applied: re-assigning an assigned user, or a PUT that changes
  nothing, answers 200 and counts nothing.
* Payload user ids must be *active* members: archived (``inactive``), former (``left``) and
  ``unknown`` members cannot be assigned, tracked, given contracts, time or leave (422).
* A request that breaks a state rule (approve a timesheet that is not submitted, reject a
  time request that is not pending, archive the owner) answers 422 with a ``message`` and no
  ``errors``; malformed input answers 422 with Laravel's ``errors``.
"""
