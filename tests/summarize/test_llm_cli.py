"""``marsad digest --llm URL`` end to end against a fake chat endpoint on loopback."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from marsad.cli import main
from marsad.summarize.check import check_digest_file

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
INVENTED = "وأعلن المتحدث أن 987 شخصاً تبرعوا بالدم في اليوم نفسه."


class _EchoModel(BaseHTTPRequestHandler):
    """Answers with the first source sentence, word for word and cited, and one
    invented sentence whose number no source states."""

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        sources = re.findall(r"^\[(\d+)\] (.+)$", body["messages"][-1]["content"], flags=re.M)
        number, text = sources[0]
        content = f"{text} [{number}]\n{INVENTED} [{number}]"
        data = json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture()
def endpoint() -> Iterator[str]:
    httpd = HTTPServer(("127.0.0.1", 0), _EchoModel)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_digest_with_llm_keeps_backed_sentences_and_drops_invented_ones(tmp_path: Path, endpoint: str) -> None:
    out = tmp_path / "out"
    code = main(["digest", str(EXAMPLES), "--out", str(out), "--quiet", "--llm", endpoint])
    assert code == 0
    digest = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    modes = [s.get("summary_mode") for s in digest["stories"]]
    assert modes.count("llm") >= 3
    for story in digest["stories"]:
        if story.get("summary_mode") != "llm":
            continue
        assert [s["text"] for s in story["summary"]] != [] and all(s["text"] != INVENTED for s in story["summary"])
        dropped = {d["text"]: d["reasons"] for d in story["llm_dropped"]}
        assert any("987" in reason for reason in dropped[INVENTED])
        assert set(story["summary"][0]["citations"]) <= set(story["articles"])
    assert check_digest_file(out / "digest.json")["ok"]


def test_unreachable_endpoint_falls_back_to_extractive(tmp_path: Path) -> None:
    out = tmp_path / "out"
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    assert main(["digest", str(EXAMPLES / "alwaha"), "--out", str(out), "--quiet", "--llm", "http://127.0.0.1:9"]) == 0
    digest = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    assert digest["stories"] and all(s["summary_mode"] == "extractive" and s["summary"] for s in digest["stories"])
    assert all("llm_error" in s for s in digest["stories"])
