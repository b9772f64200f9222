"""A progress report made by hand, for drawing pictures without a database."""

from __future__ import annotations

from datetime import date, timedelta

from bot.engine.progress_views import (
    DayCount,
    ExamOutlook,
    ProgressReport,
    StreakView,
    TopicReadiness,
)

TODAY = date(2026, 12, 2)
START = TODAY - timedelta(days=TODAY.weekday(), weeks=25)
TITLES = ("SQS と SNS の違い", "Kinesis Data Streams と Firehose", "DynamoDB キャパシティ")


def report(*, answers: bool = True, exam: bool = True) -> ProgressReport:
    days = tuple(
        DayCount(START + timedelta(days=i), (i % 5) * 3 if answers else 0, frozen=i == 40)
        for i in range((TODAY - START).days + 1)
    )
    topics = tuple(
        TopicReadiness(f"t{i}", title, 10, 4 if answers else 0, 0.3, 0.1 * i, 0.05 * i)
        for i, title in enumerate(TITLES)
    )
    return ProgressReport(
        title="学習者",
        today=TODAY,
        days=days,
        topics=topics
        if answers
        else tuple(t.__class__(t.id, t.title, 10, 0, 0, 0) for t in topics),
        readiness=0.4 if answers else 0.0,
        streak=StreakView(9, 12, 1, 1),
        exam=ExamOutlook(date(2027, 1, 15), 44, 0.3) if exam else None,
    )
