"""What a reader sees in a PDF, through poppler-utils (installed by `make test`)."""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def _poppler(tool: str, data: bytes, *args: str) -> str:
    if not shutil.which(tool):
        pytest.fail(f"{tool} is missing: run `make test` (it installs poppler-utils)")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(data)
        out = subprocess.run(
            [tool, *args, str(path), "-"] if tool == "pdftotext" else [tool, *args, str(path)],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
    return out.stdout


def pdf_text(data: bytes) -> str:
    """The text, with all whitespace removed, so a value wrapped across lines still matches."""
    return re.sub(r"\s+", "", _poppler("pdftotext", data))


def pdf_lines(data: bytes) -> str:
    return _poppler("pdftotext", data, "-layout")


def pdf_fonts(data: bytes) -> list[dict]:
    lines = _poppler("pdffonts", data).splitlines()[2:]
    fonts = []
    for line in lines:
        parts = line.split()
        # name, type (may contain spaces), encoding, emb, sub, uni, object id, generation
        fonts.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return fonts


def pdf_info(data: bytes) -> str:
    return _poppler("pdfinfo", data, "-meta") + _poppler("pdfinfo", data)


def pdf_attachment(data: bytes, name: str) -> bytes:
    """The bytes of an embedded file, by name (pdfdetach)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(data)
        out = Path(tmp) / "attachment"
        subprocess.run(["pdfdetach", "-savefile", name, "-o", str(out), str(path)], check=True, timeout=60)
        return out.read_bytes()
