"""Files for the fake Bot API: sendDocument, getFile and the file URL it points to (a memo sent
to the bot is downloaded from there), and getChatMember (who may add a deck in a group)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from tests.fakes.telegram_updates import ApiError, Call, rendered

_ADMIN_RIGHTS = (
    "is_anonymous",
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
)


class TelegramFiles:
    """Mixed into FakeBotApi, which sets up `files`, `member_status`, `calls` and `token`."""

    files: dict[str, tuple[str, bytes]]
    member_status: dict[tuple[int, int], str]
    calls: list[Call]
    token: str

    async def _send_document(self, params: dict) -> dict:
        chat_id = self._chat_id(params)
        document = self._document(params)
        content: dict[str, Any] = {"document": document}
        if params.get("caption"):
            content["caption"] = rendered(params["caption"], params.get("parse_mode"))
        return self._store_bot_message(chat_id, params, **content)

    async def _get_file(self, params: dict) -> dict:
        found = self.files.get(str(params.get("file_id")))
        if found is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        path, data = found
        file_id = str(params["file_id"])
        return {
            "file_id": file_id,
            "file_unique_id": file_id[-10:],
            "file_size": len(data),
            "file_path": path,
        }

    def _download(self, request: web.Request) -> web.Response:
        """The file URL getFile points to: /file/bot<token>/<file_path>."""
        self.calls.append(Call("download", {"path": request.path}))
        prefix = f"/file/bot{self.token}/"
        if not request.path.startswith(prefix):
            return web.json_response(ApiError(401, "Unauthorized").body(), status=401)
        wanted = request.path[len(prefix) :]
        for path, data in self.files.values():
            if path == wanted:
                return web.Response(body=data, content_type="application/octet-stream")
        return web.json_response(ApiError(404, "Not Found").body(), status=404)

    async def _get_chat_member(self, params: dict) -> dict:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        status = self.member_status.get((chat_id, user_id), "member")
        user = {"id": user_id, "is_bot": False, "first_name": f"user{user_id}"}
        member: dict = {"status": status, "user": user}
        if status == "administrator":
            member |= {key: True for key in _ADMIN_RIGHTS} | {"can_be_edited": False}
        elif status == "creator":
            member["is_anonymous"] = False
        return member
