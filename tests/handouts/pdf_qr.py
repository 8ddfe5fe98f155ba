"""Read the QR codes back out of a PDF that Chromium printed, with no PDF renderer.

Chromium prints a QR code SVG (segno: a white square, then one stroke per run of dark
modules) as vector drawing: `0 0 N N re f` in white, then `x y m x' y l` segments and
`S`. This draws those segments on a bitmap, module by module, as the PDF has them, and
decodes the bitmap with zxing-cpp: a real decode of what is on paper, in page order.
"""
from __future__ import annotations

from PIL import Image, ImageDraw
from pypdf.generic import ContentStream

from print.test_qr import decode

SCALE = 8  # pixels a module


def _codes(reader) -> list[list[tuple[float, float, float]]]:
    codes = []
    for page in reader.pages:
        ops = ContentStream(page.get_contents(), reader).operations
        fill_white = False
        current = None
        start = None
        for operands, op in ops:
            op = op.decode() if isinstance(op, bytes) else op
            if op == "rg":
                fill_white = [float(v) for v in operands] == [1.0, 1.0, 1.0]
            elif op == "re" and fill_white:
                x, y, w, h = (float(v) for v in operands)
                if x == 0 and y == 0 and w == h and 21 <= w <= 185:
                    current = {"size": int(w), "runs": []}
            elif current is not None and op == "m":
                start = (float(operands[0]), float(operands[1]))
            elif current is not None and op == "l" and start:
                current["runs"].append((start[0], float(operands[0]), start[1]))
            elif current is not None and op == "S":
                if current["runs"]:
                    codes.append(current)
                current = None
    return codes


def pdf_qr_texts(reader) -> list[str]:
    """The text of every QR code in the PDF, in the order they are drawn."""
    texts = []
    for code in _codes(reader):
        size = code["size"]
        image = Image.new("L", (size * SCALE, size * SCALE), 255)
        draw = ImageDraw.Draw(image)
        for x1, x2, y in code["runs"]:
            top = int(round((y - 0.5) * SCALE))
            draw.rectangle([int(round(x1 * SCALE)), top, int(round(x2 * SCALE)) - 1, top + SCALE - 1], fill=0)
        import io
        out = io.BytesIO()
        image.save(out, format="PNG")
        found = decode(out.getvalue())
        texts.append(found[0] if found else "")
    return texts
