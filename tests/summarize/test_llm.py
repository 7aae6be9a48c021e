"""The abstractive mode against a fake OpenAI-compatible server on loopback."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import pytest

from marsad.summarize.llm import parse_sentences, summarize_with_llm
from tests.summarize.test_cited import port  # noqa: F401 (fixture)


def _answer(prompt: str) -> str:
    sources = dict(re.findall(r"^\[(\d+)\] (.+)$", prompt, flags=re.M))

    def number(word: str) -> str:
        return next(n for n, text in sources.items() if word in text)

    closing, port_source = number("48 ساعة"), number("أغلقت هيئة الموانئ")
    return "\n".join(
        [
            f"قال مدير الهيئة نبيل حداد إن إغلاق المرفأ سيستمر 48 ساعة على الأقل. [{closing}]",
            f"وقال مدير الهيئة نبيل حداد إن الإغلاق سيستمر 72 ساعة على الأقل. [{closing}]",
            f"وتسببت العاصفة في إلغاء رحلات العبارات بين المدينة والجزر القريبة. [{port_source}]",
        ]
    )


class _Handler(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Handler.requests.append({"path": self.path, "body": body})
        content = _answer(body["messages"][-1]["content"])
        data = json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture()
def server() -> Iterator[str]:
    httpd = HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_generated_sentences_are_checked(server: str, port: tuple) -> None:  # noqa: F811
    story, articles, facts = port
    result = summarize_with_llm(story, articles, server, model="tiny", timeout=10, facts=facts)
    request = _Handler.requests[-1]
    assert request["path"] == "/v1/chat/completions" and request["body"]["model"] == "tiny"
    assert [s.text for s in result.kept] == ["قال مدير الهيئة نبيل حداد إن إغلاق المرفأ سيستمر 48 ساعة على الأقل."]
    assert set(result.kept[0].citations) <= {"a", "b"} and result.kept[0].source is not None
    reasons = {d.text: d.reasons for d in result.dropped}
    assert any("72" in r for r in reasons["وقال مدير الهيئة نبيل حداد إن الإغلاق سيستمر 72 ساعة على الأقل."])
    wrong = reasons["وتسببت العاصفة في إلغاء رحلات العبارات بين المدينة والجزر القريبة."]
    assert any(r.startswith("content words") for r in wrong)


def test_parse_sentences_with_marks() -> None:
    assert parse_sentences("جملة أولى. [1][2] جملة ثانية [3]\n\n- جملة ثالثة [9]") == [
        ("جملة أولى.", [1, 2]),
        ("جملة ثانية", [3]),
        ("جملة ثالثة", [9]),
    ]
