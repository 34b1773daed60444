"""The demo's structure chart of the safeguarding service, drawn as a PNG when the demo is loaded.

The boxes follow the seed report's "Safeguarding Service" section: the executive lead, the associate director
the service reports to, the lead nurses (the head of safeguarding and the deputy), the doctors' sessions, the
children's and adults' teams and the health staff in the MASH. Whole-time equivalents are the seed's.

Matplotlib is imported when the chart is drawn, not with this module: a demo that already holds its chart
never draws it, and loading matplotlib costs more than the rest of a second load.
"""

import io
from dataclasses import dataclass
from functools import cache

STRUCTURE_ALT_TEXT = (
    "Structure chart, 2021/22. The Chief Nurse is the executive lead; the Associate Director of Social Care "
    "reports to the Chief Nurse, and the lead nurses (Head and Deputy Head of Safeguarding, 2.2 WTE) to the "
    "Associate Director, alongside the named doctors (two sessions a week) and lead adult doctor (one a week). "
    "Reporting to them: the children team of named nurses (5.8 WTE), with the MASH health staff, and the adults "
    "team (2.53 WTE). Social care professional leads advise from outside the service."
)
STRUCTURE_CAPTION = "The safeguarding service's structure, 2021/22"

NHS_BLUE, NHS_DARK_BLUE, NHS_PALE_GREY, NHS_TEXT = "#005eb8", "#003087", "#e8edee", "#212b32"


@dataclass(frozen=True)
class Box:
    key: str
    title: str
    detail: str
    x: float  # centre, in the chart's units (0 to 12 across, 0 to 10 down)
    y: float
    width: float = 3.7
    dashed: bool = False


BOXES = [
    Box("chief_nurse", "Chief Nurse", "Executive lead for safeguarding", 6, 9.2),
    Box("director", "Associate Director of Social Care", "The service reports here", 6, 7.5),
    Box("leads", "Safeguarding lead nurses", "Head of Safeguarding and Deputy Head\n2.2 WTE", 6, 5.6),
    Box("doctors", "Named safeguarding doctors", "Children and adults\n2 sessions a week", 1.85, 5.6, 3.3),
    Box("adult_doctor", "Lead safeguarding adult doctor", "1 session a week", 10.15, 5.6, 3.3),
    Box("children", "Safeguarding children team", "Named nurses and professionals\n5.8 WTE", 3.6, 3.5),
    Box("adults", "Safeguarding adults team", "Safeguarding adults practitioners\n2.53 WTE", 8.4, 3.5),
    Box("mash", "MASH health staff", "Oxfordshire and Buckinghamshire\nwithin the children team", 3.6, 1.5),
    Box(
        "social_care",
        "Social care professional leads",
        "Adult safeguarding advice\noutside the service",
        8.4,
        1.5,
        dashed=True,
    ),
]

# (from, to): a line from the lower box up to the one it reports to; "side" lines join boxes on one level.
LINES = [
    ("director", "chief_nurse"),
    ("leads", "director"),
    ("children", "leads"),
    ("adults", "leads"),
    ("mash", "children"),
]
SIDE_LINES = [("doctors", "leads"), ("adult_doctor", "leads")]
BOX_HEIGHT = 1.25


@cache
def draw_structure_chart() -> bytes:
    """The chart as PNG bytes, drawn once a process (the tests load the demo afresh for each module)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

    figure = Figure(figsize=(10, 8.4), dpi=110)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, 12)
    axes.set_ylim(0.5, 10)
    axes.axis("off")
    boxes = {box.key: box for box in BOXES}
    half = BOX_HEIGHT / 2
    for lower, upper in LINES:
        low, high = boxes[lower], boxes[upper]
        middle = (low.y + half + high.y - half) / 2
        xs, ys = [low.x, low.x, high.x, high.x], [low.y + half, middle, middle, high.y - half]
        axes.plot(xs, ys, color=NHS_DARK_BLUE, linewidth=1.5)
    for side, centre in SIDE_LINES:
        near, far = boxes[side], boxes[centre]
        direction = 1 if far.x > near.x else -1
        xs = [near.x + direction * near.width / 2, far.x - direction * far.width / 2]
        axes.plot(xs, [near.y, far.y], color=NHS_DARK_BLUE, linewidth=1.5, linestyle=(0, (4, 3)))
    for box in BOXES:
        axes.add_patch(
            FancyBboxPatch(
                (box.x - box.width / 2, box.y - half),
                box.width,
                BOX_HEIGHT,
                boxstyle="round,pad=0.02,rounding_size=0.12",
                facecolor="white" if box.dashed else NHS_PALE_GREY,
                edgecolor=NHS_BLUE,
                linewidth=1.6,
                linestyle="--" if box.dashed else "-",
            )
        )
        axes.text(box.x, box.y + 0.3, box.title, ha="center", va="center", fontsize=10, weight="bold",
                  color=NHS_DARK_BLUE)  # fmt: skip
        axes.text(box.x, box.y - 0.2, box.detail, ha="center", va="center", fontsize=9, color=NHS_TEXT,
                  linespacing=1.3)  # fmt: skip
    axes.text(6, 0.65, "Dashed lines: advice and sessions alongside the line of reporting. WTE: whole-time equivalent.",
              ha="center", va="center", fontsize=8.5, color=NHS_TEXT)  # fmt: skip
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
