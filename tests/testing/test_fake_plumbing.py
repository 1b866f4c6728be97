"""The handler plumbing's own seams: what a handler may rely on, and what it raises."""

from __future__ import annotations

import pytest

from webwork_async.testing._validation import ApiError, Input, need


def test_need_passes_a_present_value_through() -> None:
    assert need(0) == 0
    assert need("") == ""


def test_need_raises_the_api_error_not_an_assertion() -> None:
    # An ``assert`` would vanish under ``python -O``; the 422 must not.
    with pytest.raises(ApiError) as caught:
        need(None)
    assert caught.value.status == 422


def test_a_missing_required_field_is_a_422_before_need_runs() -> None:
    inp = Input({})
    title = inp.string("title", required=True)
    with pytest.raises(ApiError) as caught:
        inp.check()
    assert caught.value.errors == {"title": ["The title field is required."]}
    assert title is None
