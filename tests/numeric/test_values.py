"""Stacking instances into batches and taking them apart again."""

from __future__ import annotations

import numpy as np
import pytest

from numeric import errors, values


def _instances() -> list[dict]:
    rng = np.random.default_rng(0)
    return [
        {"v0": rng.standard_normal((3, 2)), "v1": float(rng.standard_normal())} for _ in range(4)
    ]


def test_stack_and_unstack_are_inverse() -> None:
    cases = _instances()
    stacked = values.stack(cases)
    assert stacked["v0"].shape == (4, 3, 2) and stacked["v1"].shape == (4,)
    assert values.batch_size(stacked) == 4
    for index, case in enumerate(cases):
        back = values.unstack(stacked, index)
        np.testing.assert_array_equal(back["v0"], case["v0"])
        assert isinstance(back["v1"], float) and back["v1"] == case["v1"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: values.stack([]), "at least one instance"),
        (lambda: values.stack([{"v0": 1.0}, {"v1": 1.0}]), r"instance 1 names \['v1'\]"),
        (
            lambda: values.stack([{"v0": np.ones((2, 2))}, {"v0": np.ones((2, 3))}]),
            "several shapes",
        ),
        (
            lambda: values.batch_size({"v0": np.ones((3, 2, 2)), "v1": np.ones(4)}),
            r"one batch size, found \[3, 4\]",
        ),
        (lambda: values.batch_size({"v0": np.ones((3, 2))}), r"not \(3, 2\)"),
    ],
)
def test_malformed_batches_are_refused(call, message: str) -> None:
    with pytest.raises(errors.InvalidArgument, match=message):
        call()
