"""Plain-text intake: decode bytes in the encodings Chinese government files come in.

Rules, in order: a byte-order mark decides (UTF-8, UTF-16, UTF-32); strict UTF-8; GB18030
(a superset of GBK and GB2312) when the result reads as Chinese; whatever charset-normalizer
finds. Text that still contains NUL or many control characters is not text.
"""

from __future__ import annotations

import re

from duban.intake.layout import assemble, make_source
from duban.intake.model import IntakeError, NeutralDocument

BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
MIN_CHINESE_SHARE = 0.6
MAX_CONTROL_SHARE = 0.005


def decode_with_bom(data: bytes) -> str | None:
    """Decode by the byte-order mark; None when there is none or the bytes do not fit it."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def reads_as_chinese(text: str) -> bool:
    """Most non-ASCII characters are CJK ideographs or CJK punctuation."""
    non_ascii = [ch for ch in text if ord(ch) > 127]
    if not non_ascii:
        return True
    return len(CHINESE.findall("".join(non_ascii))) >= MIN_CHINESE_SHARE * len(non_ascii)


def decode_guess(data: bytes) -> str | None:
    """Decode without a byte-order mark: UTF-8, then GB18030, then charset-normalizer."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        if reads_as_chinese(text):
            return text
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return None if best is None else str(best)


def decode_text(data: bytes) -> str | None:
    """The text of ``data``, or None when it is not text in an encoding we can tell."""
    if any(data.startswith(bom) for bom, _ in BOMS):
        text = decode_with_bom(data)
    else:
        text = decode_guess(data)
    if text is None or not looks_like_text(text):
        return None
    return text


def looks_like_text(text: str) -> bool:
    """No NUL and hardly any other control characters (binary that happened to decode)."""
    if "\x00" in text:
        return False
    return len(CONTROL.findall(text)) <= MAX_CONTROL_SHARE * max(len(text), 1)


def read_txt(path: str, data: bytes) -> NeutralDocument:
    """A text file: every line as it is, in order."""
    text = decode_text(data)
    if text is None:
        raise IntakeError(path, "无法识别文件的文字编码（可读取 UTF-8、UTF-16、GB18030/GBK）："
                                "请用记事本打开后另存为 UTF-8 编码，再上传")
    return assemble(make_source(path, "txt", data), [text])
