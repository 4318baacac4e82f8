"""The desk's JavaScript reads card IDs exactly as app/cards/ids.py does (run in Node)."""
import json
import subprocess
from pathlib import Path

from app.cards import ids

MODULE = Path(__file__).resolve().parent.parent / "static/js/desk/card-id.js"
SAMPLES = [ids.generate() for _ in range(200)]
TYPED = ["kk 7f3k 9q2mx", "https://kortti.example/c/KK-7F3K-9Q2MX?x=1", "KK-7F3K-9Q2MO", "ABC-123", "  "]


def read_in_node(texts: list[str]) -> list[dict]:
    script = (f"import {{ readCardId }} from {json.dumps(MODULE.as_uri())};"
              "const texts = JSON.parse(process.argv[1]);"
              "console.log(JSON.stringify(texts.map(readCardId)));")
    done = subprocess.run(["node", "--input-type=module", "-e", script, json.dumps(texts)],
                          capture_output=True, text=True, check=True, timeout=30)
    return json.loads(done.stdout)


def python_reading(text: str) -> dict:
    scan = ids.parse_scan(text)
    if scan.key:
        return {"kind": "card", "id": ids.format_key(scan.key)}
    if not scan.legacy:
        return {"kind": "empty"}
    return {"kind": "misread"} if scan.malformed else {"kind": "other", "id": ids.extract_id(text)}


def test_javascript_and_python_agree_on_check_characters_and_normalisation():
    misreads = [card_id[:-1] + ("0" if card_id[-1] != "0" else "1") for card_id in SAMPLES[:50]]
    texts = SAMPLES + misreads + TYPED
    assert read_in_node(texts) == [python_reading(text) for text in texts]
