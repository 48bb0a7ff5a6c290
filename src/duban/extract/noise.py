"""Web-page furniture: navigation, the publication bar, print and share links, the site footer.

A document saved from a government site carries lines such as `首页 > 政务公开 > 通知公告`,
`发布时间：2024-03-05 来源：市卫健委 浏览次数：`, `【字体：大 中 小】 打印本页 关闭窗口`,
`上一篇：…` and `主办单位：… 网站标识码 … ICP备…`. They are no task text: a prose item must
not swallow them and a footer's `主办单位：` must not be read as a lead label. The words live in
reference/noise.yaml.
"""

from __future__ import annotations

import re
from functools import cache

from duban.reference import load

_SPACES = re.compile(r"\s+")


@cache
def _vocabulary() -> tuple[re.Pattern[str], tuple[str, ...], tuple[str, ...], re.Pattern[str]]:
    data = load("noise")
    anywhere = re.compile("|".join(re.escape(word) for word in data["anywhere"]))
    words = sorted(data["button_words"], key=len, reverse=True)
    buttons = re.compile("(?:" + "|".join(map(re.escape, words)) + r"|[【】\[\]|｜:：])+")
    return anywhere, tuple(data["line_starts"]), tuple(data["footer_labels"]), buttons


def is_page_noise(line: str) -> bool:
    """Is this line web-page furniture rather than document text?"""
    text = _SPACES.sub("", line)
    if not text:
        return False
    anywhere, starts, footer, buttons = _vocabulary()
    if anywhere.search(text) or text.startswith(starts) or (len(text) > 1 and buttons.fullmatch(text)):
        return True
    return sum(label in text for label in footer) >= 2


def without_noise(lines: list[str]) -> list[str]:
    """The lines with page furniture blanked (line numbers stay as they were)."""
    return ["" if is_page_noise(line) else line for line in lines]
