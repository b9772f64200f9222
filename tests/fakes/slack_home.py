"""The App Home for the fake Web API: views.publish, with Slack's checks of the view and of
the hash that guards against publishing over a newer view."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable

from tests.fakes import slack_payloads as payloads
from tests.fakes.slack_payloads import SlackError


class SlackHome:
    """Mixed into FakeSlackApi, which sets up `home_views`, `_ids`, `now` and `team_id`."""

    home_views: dict[str, dict]
    _ids: itertools.count
    now: Callable[[], float]
    team_id: str

    def _views_publish(self, params: dict) -> dict:
        user_id, view = params.get("user_id"), params.get("view")
        if not user_id or not isinstance(view, dict) or view.get("type") != "home":
            raise SlackError("invalid_arguments")
        if not isinstance(view.get("blocks", []), list):
            raise SlackError("invalid_arguments")
        current = self.home_views.get(user_id)
        if params.get("hash") and (current is None or params["hash"] != current["hash"]):
            raise SlackError("hash_conflict")
        view_id = current["id"] if current else f"V{next(self._ids):08d}"
        view_hash = f"{int(self.now())}.{next(self._ids):08d}"
        published = payloads.home_view(
            view, view_id=view_id, team_id=self.team_id, view_hash=view_hash
        )
        self.home_views[user_id] = published
        return {"view": copy.deepcopy(published)}
