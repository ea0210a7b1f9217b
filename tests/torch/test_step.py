"""The Step activation (NNC's BinarySigmoid): 1 where x > 0, else 0, trained with a
straight-through gradient (the incoming gradient passes back unchanged)."""

from __future__ import annotations

import torch

from netcanvas.layers import LAYERS


def step() -> torch.nn.Module:
    layer = LAYERS["Step"]
    return layer.build(layer.params(), [(5,)])


def test_step_answers_one_above_zero_and_zero_elsewhere() -> None:
    x = torch.tensor([[-2.0, -1e-7, 0.0, 1e-7, 3e8]])
    assert step()(x).tolist() == [[0.0, 0.0, 0.0, 1.0, 1.0]]  # exact, even far from zero


def test_step_passes_the_gradient_straight_through() -> None:
    x = torch.tensor([[-2.0, 0.0, 0.5, 40.0]], requires_grad=True)
    upstream = torch.tensor([[0.3, -1.0, 2.0, 4.0]])
    step()(x).backward(upstream)
    assert x.grad is not None and x.grad.tolist() == upstream.tolist()


def test_squared_error_through_the_step_is_the_perceptron_rule() -> None:
    """One output, targets 0/1: the weights move by lr · (target − answer) · input (up to
    the squared error's factor 2), and not at all for a point on its side."""
    fc = torch.nn.Linear(2, 1)
    with torch.no_grad():
        fc.weight.copy_(torch.tensor([[1.0, -1.0]]))
        fc.bias.zero_()
    points = torch.tensor([[2.0, 1.0], [1.0, 3.0]])  # answers 1 and 0
    targets = torch.tensor([[0.0], [0.0]])  # the first is wrong, the second right
    loss = torch.nn.functional.mse_loss(step()(fc(points)), targets, reduction="sum")
    loss.backward()  # type: ignore[no-untyped-call]
    assert fc.weight.grad is not None and fc.bias.grad is not None
    # -(target - answer) · input of the wrong point only, times 2 from the square
    assert fc.weight.grad.tolist() == [[4.0, 2.0]]
    assert fc.bias.grad.tolist() == [2.0]
