"""The application icon: ``resources/article-curator.svg`` (drawn by hand) and its PNG."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QIcon, QImage, QPainter

from app.errors import CuratorError
from app.store.schema import resources_dir

NAME = "article-curator"


def icon_file(suffix: str = ".svg") -> Path:
    return resources_dir() / f"{NAME}{suffix}"


def app_icon() -> QIcon:
    """The icon at every size: the SVG, with the 256 px PNG as a fallback."""
    icon = QIcon()
    for suffix in (".svg", ".png"):
        path = icon_file(suffix)
        if path.exists():
            icon.addFile(str(path))
    return icon


def render_png(svg: Path, png: Path, size: int = 256) -> QImage:
    """Render ``svg`` into a ``size`` × ``size`` PNG with a transparent background."""
    from PySide6.QtSvg import QSvgRenderer  # only when rendering: keeps start-up light

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise CuratorError(f"{svg}: not a valid SVG image")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    if not image.save(str(png)):  # the format follows the .png suffix
        raise CuratorError(f"{png}: could not write the PNG")
    return image


if __name__ == "__main__":  # python -m app.ui.dialogs.appicon: re-render the PNG
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication([])
    render_png(icon_file(".svg"), icon_file(".png"))
    print(icon_file(".png"))
