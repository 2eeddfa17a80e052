"""PDF from HTML with WeasyPrint: A4 stylesheet, Fira Sans, and no fetching over the network."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.contrib.staticfiles import finders

PDF_STYLESHEET = "inprocedere/pdf.css"
FONT_FOLDER = "vendor/kern/fonts/fira-sans"
FONT_FILES = (  # weight, style, file: what the PDF stylesheet uses of Fira Sans
    (400, "normal", "FiraSans-Regular.woff2"),
    (400, "italic", "FiraSans-Italic.woff2"),
    (600, "normal", "FiraSans-SemiBold.woff2"),
    (700, "normal", "FiraSans-Bold.woff2"),
)


def find_static(path: str) -> Path | None:
    """A static file on disk, wherever the static finders look (None when it is missing)."""
    found = finders.find(path)
    return Path(found) if found else None


def _truetype(path: Path) -> Path:
    """A TrueType copy of a WOFF2 font, made once under var/cache.

    WeasyPrint would decompress the WOFF2 files with fontTools on every PDF, which costs
    seconds; the decompressed copy loads in milliseconds.
    """
    from django.conf import settings

    target = Path(settings.VAR_DIR) / "cache" / "fonts" / f"{path.stem}.ttf"
    if not target.exists() or target.stat().st_mtime < path.stat().st_mtime:
        from fontTools.ttLib import TTFont

        target.parent.mkdir(parents=True, exist_ok=True)
        font = TTFont(str(path))
        font.flavor = None
        partial = target.with_suffix(".tmp")
        font.save(str(partial))
        partial.replace(target)
    return target


def _weasyprint():
    # Imported on first use: loading Pango costs time the rest of the site does not need.
    import weasyprint
    import weasyprint.text.fonts

    return weasyprint


def local_only_fetcher(roots: Iterable[Path]):
    """A WeasyPrint URL fetcher for data: URLs and files under `roots`; never the network."""
    weasyprint = _weasyprint()
    allowed = [Path(root).resolve() for root in roots]

    class LocalOnlyFetcher(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "file":
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if not any(path.is_relative_to(root) for root in allowed):
                    raise ValueError(f"Not a file the PDF may use: {url}")
            elif scheme != "data":
                raise ValueError(f"The PDF fetches nothing over the network: {url}")
            return super().fetch(url, headers)

    return LocalOnlyFetcher(allowed_protocols={"file", "data"})


def render_pdf(html: str, *, stylesheet: str = PDF_STYLESHEET, target=None) -> bytes | None:
    """The HTML as a PDF, in Fira Sans if its files are at hand, else the system sans-serif.

    Relative URLs in the HTML resolve against the stylesheet's static folder. With
    `target` (a file object or path) the PDF is written there and None is returned, so a
    large document need not be held in memory a second time.
    """
    weasyprint = _weasyprint()
    css_path = find_static(stylesheet)
    fonts = [
        (weight, style, path)
        for weight, style, name in FONT_FILES
        if (path := find_static(f"{FONT_FOLDER}/{name}")) is not None
    ]
    fonts = [(weight, style, _truetype(path)) for weight, style, path in fonts]
    roots = {path.parent for _weight, _style, path in fonts}
    if css_path is not None:
        roots.add(css_path.parent)
    fetcher = local_only_fetcher(roots)
    font_config = weasyprint.text.fonts.FontConfiguration()
    font_rules = "".join(
        f'@font-face {{ font-family: "Fira Sans"; font-weight: {weight}; '
        f'font-style: {style}; src: url("{path.as_uri()}") format("truetype"); }}\n'
        for weight, style, path in fonts
    )
    stylesheets = [weasyprint.CSS(string=font_rules, url_fetcher=fetcher, font_config=font_config)]
    base_url = None
    if css_path is not None:
        base_url = f"{css_path.parent.as_uri()}/"
        stylesheets.append(
            weasyprint.CSS(filename=str(css_path), url_fetcher=fetcher, font_config=font_config)
        )
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(target=target, stylesheets=stylesheets, font_config=font_config)
