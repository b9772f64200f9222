"""Shared pieces of the fakes' own tests: a fake Slack Web API and a real client for it."""

from __future__ import annotations

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from tests.conftest import START
from tests.fakes.slack_api import FakeSlackApi

SECRET = "test-signing-secret"
NOW = START.timestamp()
CHANNEL = "C0QUIZ"
USER = "U0AIKO"
BLOCKS = [
    {"type": "section", "block_id": "question", "text": {"type": "mrkdwn", "text": "*Q1*"}},
    {
        "type": "actions",
        "block_id": "answers",
        "elements": [
            {
                "type": "button",
                "action_id": "answer",
                "text": {"type": "plain_text", "text": "S3"},
                "value": "q1:a",
            }
        ],
    },
]


@pytest.fixture
async def fake():
    async with FakeSlackApi(now=lambda: NOW) as api:
        yield api


@pytest.fixture
def client(fake):
    return AsyncWebClient(token=fake.bot_token, base_url=fake.base_url)
