"""Dependencies are pinned exactly and installed only when their files match known hashes."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)", re.MULTILINE)


def pins(text: str) -> dict[str, str]:
    return {name.lower().replace("_", "-"): version for name, version in PIN.findall(text)}


def test_the_compiled_file_has_exactly_the_hand_written_pins():
    wanted = pins((ROOT / "requirements.in").read_text())
    compiled = pins((ROOT / "requirements.txt").read_text())
    assert compiled == wanted, "run pip-compile (CONTRIBUTING.md, Dependencies)"


def test_every_pin_carries_at_least_one_sha256_hash():
    text = (ROOT / "requirements.txt").read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
    for block in blocks:
        if PIN.match(block):
            assert re.search(r"--hash=sha256:[0-9a-f]{64}", block), block.splitlines()[0]


def test_the_bootstrap_installs_with_require_hashes():
    assert '"--require-hashes"' in (ROOT / "kaketoe").read_text()
