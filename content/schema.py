"""The deck schema: what every deck file must contain, checked by pydantic."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

# Ids end up in the database (answer history) and in console commands, so keep them plain.
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
MAX_OPTIONS = 6
MIN_OPTIONS = 2
# Telegram and Slack buttons stay readable up to here; Slack cuts button labels at 75.
MAX_OPTION_CHARS = 100
MAX_PROMPT_CHARS = 1000
MAX_EXPLANATION_CHARS = 1500
MAX_TITLE_CHARS = 100
# A pair's clue and each side's use are shown as one line of /drill's closing contrast.
MAX_LINE_CHARS = 200

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Topic(_Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=40)]
    title: Annotated[Text, Field(max_length=MAX_TITLE_CHARS)]
    summary: str = ""
    source_section: str = ""


class Question(_Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
    topic: Text
    type: Literal["choice", "true_false"]
    prompt: Annotated[Text, Field(max_length=MAX_PROMPT_CHARS)]
    options: list[Text] | None = None
    # bool is listed first so that YAML true/false stays a bool, never 1/0.
    answer: bool | int
    explanation: Annotated[Text, Field(max_length=MAX_EXPLANATION_CHARS)]
    source_section: Text
    generated: bool = False
    source_lines: list[int] | None = None
    corrects_memo: bool = False


class PairSide(_Strict):
    label: Annotated[Text, Field(max_length=MAX_TITLE_CHARS)]
    use: Annotated[Text, Field(max_length=MAX_LINE_CHARS)]
    # Question ids of this deck; how many and whether they exist is checked in validator.py.
    questions: list[Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]]


class Pair(_Strict):
    """Two things learners confuse, and the questions that tell them apart (for /drill)."""

    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=40)]
    title: Annotated[Text, Field(max_length=MAX_TITLE_CHARS)]
    clue: Annotated[Text, Field(max_length=MAX_LINE_CHARS)]
    # Exactly two; counted in validator.py so the message says so instead of pydantic's.
    sides: list[PairSide]


class Deck(_Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=40)]
    title: Annotated[Text, Field(max_length=MAX_TITLE_CHARS)]
    language: Literal["ja", "en"] = "ja"
    source: str = ""
    topics: list[Topic]
    questions: list[Question]
    pairs: list[Pair] = []
