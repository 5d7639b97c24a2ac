"""Small things a learner would otherwise misread: what the faint curves are, a big network's units cut off, which
MNIST the digits lab uses, and why a 2-class network's softmax is No.1's sigmoid."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_previous_runs_faint_curves_are_named(lab):
    lab.open("#data=linear&model=logistic")
    expect(lab.page.locator("#loss-readout")).not_to_contain_text("previous run")
    old_id = lab.debug("runId")
    lab.page.select_option("#control-dataset", "circle")
    lab.page.wait_for_function("old => window.__lab.runId && window.__lab.runId !== old", arg=old_id)
    lab.wait_for_training()
    assert lab.debug("hasPreviousCurve")
    expect(lab.page.locator("#loss-readout")).to_contain_text("faint: previous run")
    expect(lab.page.locator("#accuracy-readout")).to_contain_text("faint: previous run")
    assert lab.errors == []


def test_three_layers_of_32_units_fit_the_units_card(lab):
    lab.open("#data=spiral&model=mlp&hidden=32,32,32&act=relu")
    lab.page.wait_for_function("() => window.__lab.unitMaps === 2 + 96")
    units = lab.page.locator("#units")
    assert units.evaluate("el => el.scrollHeight <= el.clientHeight + 1"), "the last layer is cut off"
    last = lab.page.locator("canvas.unit").last.bounding_box()
    card = units.bounding_box()
    assert last["y"] + last["height"] <= card["y"] + card["height"] + 1
    assert lab.errors == []


def test_the_digits_page_says_which_mnist_it_trains_on(lab):
    lab.page.goto(f"{lab.base_url}/digits.html")
    expect(lab.page.locator("#data-note")).to_contain_text("8,000 training and 2,000 test digits")
    expect(lab.page.locator("#data-note")).to_contain_text("a subset of MNIST")
    assert lab.errors == []


@pytest.mark.parametrize(
    "hash_, says",
    [
        ("#data=xor&model=mlp&hidden=4", True),
        ("#data=linear&model=softmax", True),
        ("#data=blobs3&classes=3&model=softmax", False),
        ("#data=linear&model=logistic", False),
    ],
)
def test_a_two_class_softmax_is_tied_to_the_sigmoid(lab, hash_, says):
    lab.open(hash_)
    expect(lab.page.locator("#math .katex").first).to_be_visible()
    text = lab.page.locator("#math").inner_text().replace("\xa0", " ").replace("’", "'")
    assert ("No.1's sigmoid" in text) == says, text
    assert lab.errors == []
