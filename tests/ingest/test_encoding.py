import codecs

import pytest

from marsad.ingest.encoding import DecodeError, decode_bytes

TEXT = "اندلع حريق في مستودع بالميناء، وقال مدير الدفاع المدني إن الفرق سيطرت عليه خلال ساعتين."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16-le"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("cp1256"), "windows-1256"),
        (TEXT.encode("iso-8859-6"), "iso-8859-6"),
    ],
)
def test_arabic_in_every_common_encoding(data: bytes, encoding: str) -> None:
    text, found = decode_bytes(data)
    assert text == TEXT
    assert found == encoding


def test_western_legacy_page_is_text_not_an_error() -> None:
    text, found = decode_bytes("Incendie au port: les pompiers sont intervenus à l'aube.".encode("cp1252"))
    assert "pompiers" in text and found == "windows-1252"


@pytest.mark.parametrize("data", [bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300)])
def test_binary_is_refused_with_a_reason(data: bytes) -> None:
    with pytest.raises(DecodeError, match=r"binary|not valid"):
        decode_bytes(data)


def test_empty_is_empty() -> None:
    assert decode_bytes(b"") == ("", "empty")
