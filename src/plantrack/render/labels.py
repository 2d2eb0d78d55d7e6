"""Text labels on a drawn matplotlib figure that overlap nothing.

After a draw, every label's size is measured in display coordinates (pixels)
and :func:`layout_labels` places it near its point: inside its axes, clear of
the points and of every label placed before it.  Where the full texts do not
all fit, shorter ones are tried, then numbers keyed in a table beside the
axes.  Pure geometry (:class:`Box`, :func:`layout_labels`) is separate from
the matplotlib calls (:func:`place_labels`) so it can be tested by hand.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["LABEL_GID", "Box", "Label", "is_label", "layout_labels", "place_labels", "renderer"]

LEADER_GID = "slip-leader"  # and their leader lines "slip-leader-A-N"
LABEL_GID = "slip-label"  # placed labels have gid "slip-label-A-N" (A: axes, N: label)


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in display coordinates (pixels, y up)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def intersects(self, other: Box) -> bool:
        """True when the two boxes share more than an edge."""
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def within(self, other: Box) -> bool:
        """True when this box lies inside ``other`` (edges may touch)."""
        return (
            other.x0 <= self.x0
            and self.x1 <= other.x1
            and other.y0 <= self.y0 <= self.y1 <= other.y1
        )


# Where a label goes around its point, in order of preference: up-left and
# down-right first, off the line of a trend that rises to the right.
_DIRECTIONS = ((-1, 1), (1, -1), (-1, 0), (1, 0), (0, 1), (0, -1), (1, 1), (-1, -1))


def _candidate(x: float, y: float, w: float, h: float, dx: int, dy: int, d: float) -> Box:
    left = x + d if dx > 0 else (x - d - w if dx < 0 else x - w / 2)
    bottom = y + d if dy > 0 else (y - d - h if dy < 0 else y - h / 2)
    return Box(left, bottom, left + w, bottom + h)


def layout_labels(
    anchors: Sequence[tuple[float, float]],
    sizes: Sequence[tuple[float, float]],
    *,
    bounds: Box,
    obstacles: Sequence[Box] = (),
    gap: float = 4.0,
    pad: float = 3.0,
    reach: float = 80.0,
) -> tuple[Box | None, ...]:
    """Boxes for labels of ``sizes`` (width, height) near their ``anchors``,
    greedily in order: each inside ``bounds``, clear of ``obstacles`` and of
    the labels placed before it (by ``pad`` at least), as near its anchor as
    it can be: in rings of growing distance up to ``reach`` (farther, a label
    reads as another point's), eight directions each.  ``None`` where no
    place is free."""
    placed: list[Box] = []
    result: list[Box | None] = []
    for (x, y), (w, h) in zip(anchors, sizes, strict=True):
        found = None
        step = max(h, 6.0)
        for ring in range(int((reach - gap) // step) + 1):
            for dx, dy in _DIRECTIONS:
                box = _candidate(x, y, w, h, dx, dy, gap + ring * step)
                room = Box(box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad)
                if box.within(bounds) and not any(
                    room.intersects(b) for b in (*placed, *obstacles)
                ):
                    found = box
                    break
            if found is not None:
                break
        result.append(found)
        if found is not None:
            placed.append(found)
    return tuple(result)


@dataclass(frozen=True, slots=True)
class Label:
    """A label of the point (``x``, ``y``) in data coordinates: its full
    text, a shorter one, and its line in the numbered key."""

    x: float
    y: float
    text: str  # "slip 9 months"
    short: str  # "9 months"
    key: str  # the line of the numbered key: reported date and slip


def is_label(artist: Any) -> bool:
    """True for a text that :func:`place_labels` placed."""
    return str(artist.get_gid()).startswith(f"{LABEL_GID}-")


def _placed(artist: Any) -> bool:
    return is_label(artist) or str(artist.get_gid()).startswith(f"{LEADER_GID}-")


def renderer(fig: Any) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # type: ignore[no-untyped-call]
    return canvas.get_renderer()  # type: ignore[no-untyped-call]


def _place(ax: Any, labels: Sequence[Label], texts: Sequence[str], drawn: Any, colour: str) -> bool:
    """Label the points of ``ax`` with ``texts``; False when one found no place."""
    dpi = ax.figure.dpi
    style: dict[str, Any] = {"fontsize": 8, "color": colour, "ha": "left", "va": "bottom"}
    # a light ground under the text (0.8 points, within the clearance): lines do not strike it
    ground = {
        "boxstyle": "square,pad=0.1",
        "facecolor": "white",
        "edgecolor": "none",
        "alpha": 0.75,
    }
    anchors = [ax.transData.transform((lab.x, lab.y)) for lab in labels]
    sizes = []
    for text in texts:
        probe = ax.text(0, 0, text, **style)
        extent = probe.get_window_extent(drawn)
        sizes.append((extent.width, extent.height))
        probe.remove()
    px = dpi / 100  # the clearances below are pixels at 100 dpi
    frame = ax.get_window_extent(drawn)
    bounds = Box(frame.x0 + 2 * px, frame.y0 + 2 * px, frame.x1 - 2 * px, frame.y1 - 2 * px)
    marks = [Box(x - 6 * px, y - 6 * px, x + 6 * px, y + 6 * px) for x, y in anchors]
    boxes = layout_labels(
        [(x, y) for x, y in anchors],
        sizes,
        bounds=bounds,
        obstacles=marks,
        gap=4 * px,
        pad=3 * px,
        reach=80 * px,
    )
    for n, (lab, text, box, (x, y)) in enumerate(zip(labels, texts, boxes, anchors, strict=True)):
        if box is None:
            continue
        gid = f"{ax.figure.axes.index(ax)}-{n}"
        ax.annotate(
            text,
            (lab.x, lab.y),
            xytext=((box.x0 - x) * 72 / dpi, (box.y0 - y) * 72 / dpi),
            textcoords="offset points",
            bbox=ground,
            gid=f"{LABEL_GID}-{gid}",
            **style,
        )
        near = (min(max(x, box.x0), box.x1), min(max(y, box.y0), box.y1))  # the box's nearest point
        if math.hypot(near[0] - x, near[1] - y) > 20 * px:  # far: a leader line to the point
            ax.annotate(
                "",
                (lab.x, lab.y),
                xytext=((near[0] - x) * 72 / dpi, (near[1] - y) * 72 / dpi),
                textcoords="offset points",
                arrowprops={"arrowstyle": "-", "color": colour, "alpha": 0.5, "linewidth": 0.6},
                gid=f"{LEADER_GID}-{gid}",
            )
    return all(box is not None for box in boxes)


def _key(ax: Any, labels: Sequence[Label], title: str) -> None:
    """The table of a numbered axes, beside it: number, report date, slip."""
    from matplotlib.lines import Line2D

    rows = [
        Line2D([], [], linestyle="none", label=f"{i}  {lab.key}") for i, lab in enumerate(labels, 1)
    ]
    ax.legend(
        handles=rows,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=7,
        handlelength=0,
        handletextpad=0,
        title=title,
        title_fontsize=7,
    )


def place_labels(
    fig: Any,
    axes: Sequence[Any],
    labels: Sequence[Sequence[Label]],
    *,
    colour: str,
    key_title: str,
) -> None:
    """Place every axes' labels after a draw: "slip 9 months", else "9 months",
    else numbers with a key beside the axes; after a key the whole figure is
    drawn and placed again (the key narrows the axes)."""
    tiers = [0] * len(labels)
    for _ in range(4):
        for ax in axes:
            for text in [a for a in ax.texts if _placed(a)]:
                text.remove()
        drawn = renderer(fig)
        keyed = False
        for i, (ax, labs) in enumerate(zip(axes, labels, strict=False)):
            while True:
                texts = [(lab.text, lab.short, str(n))[tiers[i]] for n, lab in enumerate(labs, 1)]
                if _place(ax, labs, texts, drawn, colour) or tiers[i] == 2:
                    break
                for text in [a for a in ax.texts if _placed(a)]:
                    text.remove()
                tiers[i] += 1
                if tiers[i] == 2:
                    _key(ax, labs, key_title)
                    keyed = True
                    break
        if not keyed:
            return
