"""Cleaning of cell text: converter markup out, every other character kept as printed."""

import pytest

from duban.extract.text import squash, strip_markup


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<p>推进改革</p>", "推进改革"),
        ("推进<br/>改革", "推进改革"),
        ('<span style="x">推进改革</span>', "推进改革"),
        ("<P>推进<BR>改革</P>", "推进改革"),
    ],
)
def test_converter_markup_is_removed(raw, clean):
    assert squash(raw) == clean


@pytest.mark.parametrize(
    "text",
    [
        "推进改革<script>alert(1)</script>",
        "床位数<1000张的医院",
        "<img src=x onerror=alert(1)>完善医保",
        "比例a<b时",
    ],
)
def test_other_angle_brackets_are_text(text):
    assert strip_markup(text) == text
