"""A PDF of one page whose content stream is small on disk and huge inflated: a compression bomb."""

from __future__ import annotations

import zlib
from pathlib import Path

LINE = b"BT /F1 9 Tf 72 720 Td (A) Tj ET\n"


def write_bomb(path: Path, inflated_mb: float) -> Path:
    """Write the bomb to `path`: its page content inflates to about `inflated_mb` MB of text operators."""
    squeeze = zlib.compressobj(9)
    block = LINE * (1 << 15)
    parts = [squeeze.compress(block) for _ in range(max(1, int(inflated_mb * (1 << 20) / len(block))))]
    stream = b"".join(parts) + squeeze.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path
