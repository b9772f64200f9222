"""The progress picture: a PNG of the stated size, Japanese titles drawn with a font that has
every one of their characters, and a friendly picture for a learner with no answers."""

from __future__ import annotations

import io
import warnings

from fontTools.ttLib import TTFont
from matplotlib.font_manager import findfont
from matplotlib.text import Text
from PIL import Image

from bot.messages.catalogue import tr
from bot.pictures import progress as picture
from tests.support.progress import TITLES, report


def texts(figure) -> list[Text]:
    return [t for t in figure.findobj(Text) if t.get_text()]


def test_the_picture_is_a_png_of_1000_by_700_pixels():
    png = picture.render(report(), "ja")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    image.verify()
    assert image.size == (picture.WIDTH, picture.HEIGHT) == (1000, 700)


def test_japanese_titles_are_drawn_in_a_font_that_has_their_glyphs():
    figure = picture.build(report(), "ja")
    drawn = {t.get_text(): t for t in texts(figure)}
    for title in TITLES:
        shown = picture._short(title)
        assert shown in drawn, f"{shown!r} not drawn"
    cmap = TTFont(picture.font_path()).getBestCmap()
    for text in drawn.values():
        path = findfont(text.get_fontproperties(), fallback_to_default=False)
        assert path == picture.font_path()
        missing = {c for c in text.get_text() if not c.isspace() and ord(c) not in cmap}
        assert not missing, (text.get_text(), missing)


def test_drawing_warns_of_no_missing_glyph():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        picture.render(report(), "ja")
        picture.render(report(), "en")
    assert not [w for w in caught if "missing from" in str(w.message)]


def test_streak_freezes_and_the_exam_are_on_the_picture():
    drawn = [t.get_text() for t in texts(picture.build(report(), "ja"))]
    assert tr("ja", "pic_streak", current=9, best=12, held=1, used=1) in drawn
    assert tr("ja", "pic_days_left", days=44) in drawn and "30%" in drawn
    without = [t.get_text() for t in texts(picture.build(report(exam=False), "ja"))]
    assert tr("ja", "pic_days_left", days=44) not in without


def test_no_answers_gives_a_friendly_empty_picture():
    empty = report(answers=False, exam=False)
    assert empty.empty
    drawn = [t.get_text() for t in texts(picture.build(empty, "en"))]
    assert "No answers yet — start with /quiz" in drawn
    image = Image.open(io.BytesIO(picture.render(empty, "en")))
    assert image.size == (1000, 700)
