"""The progress picture: a 26-week study calendar with the streak, readiness bars per topic
(weakest first, Japanese titles in a Japanese font) and the exam outlook, as a PNG.

Platform-free and pure: plain data in, PNG bytes out. matplotlib is imported inside the
functions (the bot starts without it) and only its object-oriented API is used — a Figure of
our own on an Agg canvas, never pyplot's global state — so a worker may draw many at once.
Everything sits on one tick-less axes in pixel coordinates: ticks and extra axes were most of
the drawing time.
"""

from __future__ import annotations

import gc
import io
from datetime import timedelta

from bot.engine.progress_views import ProgressReport
from bot.messages.catalogue import tr

WIDTH, HEIGHT, DPI = 1000, 700, 100
MAX_TOPICS = 8  # more bars than this are unreadable on a phone; the weakest are the ones shown
MAX_TITLE = 16
# Answers per day → shade: none, 1–2, 3–5, 6–10, more.
LEVELS = (1, 3, 6, 11)
SHADES = ("#ebedf0", "#c6e48b", "#7bc96f", "#239a3b", "#196127")
FROZEN, NOW, EXAM, GREY = "#3498db", "#2e86de", "#f39c12", "#555555"
WEEKDAYS = {"ja": ("月", "水", "金"), "en": ("Mon", "Wed", "Fri")}
# The calendar grid and the bars, in pixels from the top left.
CELL, GAP, GRID_X, GRID_Y = 24, 3, 80, 160
BAR_LEFT, BAR_WIDTH, BARS_TOP, BARS_HEIGHT = 320, 370, 420, 250
OUTLOOK_X = 880


def font_path() -> str:
    """The Japanese font every text of the picture is drawn with (IPAex Gothic)."""
    from matplotlib_fontja import get_font_ttf_path

    return get_font_ttf_path()


def warm_up() -> None:
    """Import matplotlib and open the font now, so the first picture is not the slow one."""
    from matplotlib.backends import backend_agg  # noqa: F401
    from matplotlib.collections import PolyCollection  # noqa: F401
    from matplotlib.figure import Figure  # noqa: F401
    from matplotlib.font_manager import get_font

    get_font(font_path())


def render(report: ProgressReport, lang: str) -> bytes:
    """The picture as PNG bytes, WIDTH × HEIGHT pixels."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = build(report, lang)
    FigureCanvasAgg(figure)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    # A figure is a web of reference cycles: break it now rather than let a long-lived worker
    # pile up figures until the collector's next full pass.
    figure.clear()
    gc.collect()
    return out.getvalue()


class _Canvas:
    """One axes spanning the figure, in pixels with y pointing down, and our font."""

    def __init__(self, figure, font) -> None:
        self.ax = figure.add_axes((0, 0, 1, 1))
        self.ax.set_xlim(0, WIDTH)
        self.ax.set_ylim(HEIGHT, 0)
        self.ax.set_axis_off()
        self.font = font
        self._sized: dict[tuple[float, bool], object] = {}

    def text(self, x: float, y: float, s: str, size: float = 13, **kw) -> None:
        key = (size, kw.pop("bold", False))
        props = self._sized.get(key)
        if props is None:
            props = self._sized[key] = self.font.copy()
            props.set_size(size)
            if key[1]:
                props.set_weight("bold")
        # No mathtext: a "$" in a topic title is text, and checking for it costs time.
        self.ax.text(
            x, y, s, fontproperties=props, va=kw.pop("va", "center"), parse_math=False, **kw
        )

    def boxes(self, rects: list[tuple[float, float, float, float]], colors: list[str]) -> None:
        from matplotlib.collections import PolyCollection

        polygons = [((x, y), (x + w, y), (x + w, y + h), (x, y + h)) for x, y, w, h in rects]
        self.ax.add_collection(PolyCollection(polygons, facecolors=colors, edgecolors="none"))


def build(report: ProgressReport, lang: str):
    """The matplotlib Figure of the picture (tests read its texts and their fonts)."""
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor="white")
    canvas = _Canvas(figure, FontProperties(fname=font_path()))
    _header(canvas, report, lang)
    _calendar(canvas, report, lang)
    canvas.text(30, BARS_TOP - 35, tr(lang, "pic_readiness"), 16, bold=True)
    if report.empty:
        canvas.text(
            BAR_LEFT + 100, BARS_TOP + 110, tr(lang, "pic_empty"), 20, ha="center", color=GREY
        )
    else:
        _readiness(canvas, report, lang)
        _outlook(canvas, report, lang)
    return figure


def _header(c: _Canvas, report: ProgressReport, lang: str) -> None:
    c.text(30, 38, f"{report.title} — studybot" if report.title else "studybot", 24, bold=True)
    if report.streak is not None:
        s = report.streak
        line = tr(
            lang,
            "pic_streak",
            current=s.current,
            best=s.best,
            held=s.freezes_held,
            used=s.freezes_used,
        )
    else:
        line = tr(lang, "pic_team", members=report.members)
    c.text(30, 78, line, 16, color="#333333")


def _shade(answers: int) -> str:
    return SHADES[sum(answers >= level for level in LEVELS)]


def _calendar(c: _Canvas, report: ProgressReport, lang: str) -> None:
    start = report.days[0].day
    c.text(30, 118, tr(lang, "pic_calendar"), 16, bold=True)
    pitch = CELL + GAP
    rects, colors, stars = [], [], []
    for d in report.days:
        col, row = (d.day - start).days // 7, d.day.weekday()
        x, y = GRID_X + col * pitch, GRID_Y + row * pitch
        rects.append((x, y, CELL, CELL))
        colors.append(_shade(d.answers))
        if d.frozen and not d.answers:
            stars.append((x + CELL / 2, y + CELL / 2))
    c.boxes(rects, colors)
    if stars:
        c.ax.scatter(*zip(*stars, strict=True), marker="*", s=140, color=FROZEN, zorder=3)
    for i, name in enumerate(WEEKDAYS.get(lang, WEEKDAYS["en"])):
        c.text(GRID_X - 8, GRID_Y + (2 * i) * pitch + CELL / 2, name, 12, ha="right")
    weeks = (report.today - start).days // 7 + 1
    for col in range(weeks):
        first = start + timedelta(weeks=col)
        if col == 0 or first.month != (first - timedelta(weeks=1)).month:
            label = f"{first.month}月" if lang == "ja" else first.strftime("%b")
            c.text(GRID_X + col * pitch, GRID_Y - 14, label, 12)
    # The key: shades from none to many, and the freeze mark.
    key_x, key_y = GRID_X + weeks * pitch + 24, GRID_Y + 10
    c.boxes([(key_x + i * pitch, key_y, CELL, CELL) for i in range(5)], list(SHADES))
    c.text(key_x, key_y + CELL + 16, "0", 11, color=GREY)
    c.text(
        key_x + 4 * pitch + CELL, key_y + CELL + 16, f"{LEVELS[-1]}+", 11, ha="right", color=GREY
    )
    c.ax.scatter([key_x + CELL / 2], [key_y + 82], marker="*", s=140, color=FROZEN)
    c.text(key_x + CELL + 6, key_y + 82, tr(lang, "pic_frozen"), 12, color=GREY)
    total = tr(lang, "pic_total", answers=report.answers, days=report.active_days)
    c.text(key_x, key_y + 130, total, 12, color=GREY)


def _short(title: str) -> str:
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1] + "…"


def _readiness(c: _Canvas, report: ProgressReport, lang: str) -> None:
    topics = report.topics[:MAX_TOPICS]
    with_exam = report.exam is not None
    pitch = min(40.0, BARS_HEIGHT / max(len(topics), 1))
    bar = pitch * (0.36 if with_exam else 0.6)
    # The key of the bars, beside the heading.
    keys = [(NOW, tr(lang, "pic_now"))]
    if with_exam:
        keys.append((EXAM, tr(lang, "pic_exam", day=report.exam.day.isoformat())))
    kx = BAR_LEFT + 60
    for color, label in keys:
        c.boxes([(kx, BARS_TOP - 42, 14, 14)], [color])
        c.text(kx + 20, BARS_TOP - 35, label, 12)
        kx += 180
    rects, colors = [], []
    for i, t in enumerate(topics):
        top = BARS_TOP + i * pitch
        rects.append((BAR_LEFT, top, BAR_WIDTH * t.now, bar))
        colors.append(NOW)
        if with_exam:
            rects.append((BAR_LEFT, top + bar + 2, BAR_WIDTH * (t.on_exam or 0.0), bar))
            colors.append(EXAM)
        middle = top + (bar + 1 if with_exam else bar / 2)
        c.text(BAR_LEFT - 10, middle, _short(t.title), 14, ha="right")
        c.text(
            BAR_LEFT + BAR_WIDTH + 8,
            middle,
            tr(lang, "pic_mastery", mastery=t.mastery),
            11,
            color=GREY,
        )
    bottom = BARS_TOP + len(topics) * pitch
    guides = [(BAR_LEFT + BAR_WIDTH * f, BARS_TOP - 4, 1, bottom - BARS_TOP) for f in (0.5, 1)]
    c.boxes(
        [(BAR_LEFT, BARS_TOP - 4, 1.5, bottom - BARS_TOP), *guides], ["#999999"] + ["#dddddd"] * 2
    )
    c.boxes(rects, colors)
    for f in (0, 0.5, 1):
        c.text(BAR_LEFT + BAR_WIDTH * f, bottom + 10, f"{f:.0%}", 11, ha="center", color=GREY)


def _outlook(c: _Canvas, report: ProgressReport, lang: str) -> None:
    """The right-hand column: overall readiness now and, with an exam date, on the day."""
    c.text(
        OUTLOOK_X, BARS_TOP + 20, f"{report.readiness:.0%}", 38, ha="center", color=NOW, bold=True
    )
    c.text(OUTLOOK_X, BARS_TOP + 60, tr(lang, "pic_ready_now"), 13, ha="center")
    if report.exam is not None:
        e = report.exam
        c.text(
            OUTLOOK_X, BARS_TOP + 130, f"{e.readiness:.0%}", 38, ha="center", color=EXAM, bold=True
        )
        c.text(OUTLOOK_X, BARS_TOP + 170, tr(lang, "pic_ready_exam"), 13, ha="center")
        c.text(
            OUTLOOK_X,
            BARS_TOP + 200,
            tr(lang, "pic_days_left", days=e.days_left),
            16,
            ha="center",
            bold=True,
        )
