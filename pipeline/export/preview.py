"""Look at a .docx: LibreOffice (headless) → PDF → PNG pages (poppler's pdftoppm).

The GB/T 9704 fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体, 宋体) are not free; on Linux
the preview maps each to the nearest free CJK face from Debian's packages (fonts-noto-cjk,
fonts-arphic-ukai, fonts-arphic-uming) through a private fontconfig file, so every level still
shows a *different* face and a font that silently fell back is visible.

    python -m pipeline.export.preview DRAFT.json|FILE.docx OUT_DIR [--dpi 80] [--style FILE]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import BiganError, ConfigError, InputError

# GB/T 9704 font name → free face used only for the preview.
PREVIEW_FONTS: dict[str, str] = {
    "方正小标宋简体": "Noto Serif CJK SC",
    "小标宋": "Noto Serif CJK SC",
    "仿宋_GB2312": "AR PL UMing CN",
    "仿宋": "AR PL UMing CN",
    "楷体_GB2312": "AR PL UKai CN",
    "楷体": "AR PL UKai CN",
    "黑体": "Noto Sans CJK SC",
    "宋体": "Noto Serif CJK SC",
}
# The title face is a heavy Song: ask for the bold weight of its stand-in.
_HEAVY = {"方正小标宋简体", "小标宋"}
DEBIAN_PACKAGES = "libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming poppler-utils"


def fontconfig_file(directory: Path) -> Path:
    """A fonts.conf that includes the system one and adds the aliases above."""
    rules = []
    for name, face in PREVIEW_FONTS.items():
        weight = '<edit name="weight" mode="assign"><const>bold</const></edit>' if name in _HEAVY else ""
        rules.append(
            f'<match target="pattern"><test name="family"><string>{name}</string></test>'
            f'<edit name="family" mode="assign" binding="strong"><string>{face}</string></edit>{weight}</match>'
        )
    conf = (
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>' + "".join(rules) + "</fontconfig>"
    )
    path = directory / "fonts.conf"
    path.write_text(conf, encoding="utf-8")
    return path


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise ConfigError(f"找不到 {name}；请安装：apt-get install -y {DEBIAN_PACKAGES}")
    return found


def docx_to_pdf(docx: Path, out_dir: Path, timeout: float = 180) -> Path:
    soffice = _tool("soffice")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bigan-lo-") as tmp:
        env = dict(os.environ, HOME=tmp, FONTCONFIG_FILE=str(fontconfig_file(Path(tmp))))
        # A private profile, so a running LibreOffice or a stale lock cannot block the conversion.
        cmd = [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    pdf = out_dir / (docx.stem + ".pdf")
    if proc.returncode != 0 or not pdf.is_file():
        raise ConfigError(f"LibreOffice 转换失败：{(proc.stderr or proc.stdout).strip()[:300]}", path=docx)
    return pdf


def pdf_to_png(pdf: Path, out_dir: Path, dpi: int = 80, first: int = 1, last: int | None = None) -> list[Path]:
    pdftoppm = _tool("pdftoppm")
    prefix = out_dir / pdf.stem
    cmd = [pdftoppm, "-png", "-r", str(dpi), "-f", str(first)] + (["-l", str(last)] if last else []) + [str(pdf), str(prefix)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    return sorted(out_dir.glob(f"{pdf.stem}-*.png"))


def render_preview(source: str | Path, out_dir: str | Path, *, dpi: int = 80, style: str | Path | None = None, last_page: int | None = None,
                   prompts: str | Path | None = None) -> list[Path]:
    """DRAFT.json or .docx → PNG pages in ``out_dir`` (the .docx and .pdf are kept beside them);
    ``prompts``: the folder of the house style."""
    source, out_dir = Path(source), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if source.suffix.lower() == ".json":
        from ..draftio import load_draft
        from .docx import render_docx

        docx = render_docx(load_draft(source), out_dir / (source.stem + ".docx"), style, prompts=prompts)
    elif source.suffix.lower() == ".docx" and source.is_file():
        docx = source
    else:
        raise InputError("预览需要 draft.json 或 .docx 文件", path=source)
    return pdf_to_png(docx_to_pdf(docx, out_dir), out_dir, dpi=dpi, last=last_page)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="draft.json/.docx → PDF → PNG preview")
    parser.add_argument("source")
    parser.add_argument("out_dir")
    parser.add_argument("--dpi", type=int, default=80)
    parser.add_argument("--style")
    parser.add_argument("--last-page", type=int)
    args = parser.parse_args(argv)
    from ..resources import prompts_dir  # a command line of its own: the top, where $BIGAN_PROMPTS is read

    try:
        pages = render_preview(args.source, args.out_dir, dpi=args.dpi, style=args.style, last_page=args.last_page,
                               prompts=prompts_dir())
    except BiganError as exc:
        print(f"preview: 错误: {exc.one_line()}", file=sys.stderr)
        return exc.exit_code
    for page in pages:
        print(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
