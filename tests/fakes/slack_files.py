"""Files for the fake Web API, both ways.

Shared with the app: a file a person uploaded (add_file), the file_shared event, files.info
and the url_private download that needs the bot token. Uploaded by the app, as slack_sdk's
files_upload_v2 drives it: files.getUploadURLExternal gives an upload URL (on the fake itself,
127.0.0.1), the bytes are posted there, and files.completeUploadExternal shares the file in a
channel with a comment."""

from __future__ import annotations

import json

from aiohttp import web

from tests.fakes.slack_payloads import Call, SlackError


class SlackFiles:
    """Mixed into FakeSlackApi, which sets up these dicts, its `_root` URL and the token."""

    uploads: dict[str, dict]
    uploaded: dict[str, dict]
    files: dict[str, dict]
    team_id: str
    bot_token: str
    _root: str | None

    def add_file(
        self, file_id: str, name: str, content: bytes, *, user: str, size: int | None = None
    ) -> dict:
        """A file someone uploaded; `size` overrides the size files.info reports."""
        url = f"{self._root}/files-pri/{self.team_id}-{file_id}/{name}"
        self.files[file_id] = {
            "id": file_id,
            "name": name,
            "title": name,
            "user": user,
            "size": len(content) if size is None else size,
            "mimetype": "text/plain",
            "filetype": name.rsplit(".", 1)[-1],
            "url_private": url,
            "url_private_download": url + "?download=1",
            "content": content,
        }
        return self.files[file_id]

    def file_shared(self, file_id: str, user: str, channel: str) -> dict:
        """The event Slack sends when a file is shared in a conversation the app is in."""
        return {
            "type": "file_shared",
            "file_id": file_id,
            "user_id": user,
            "file": {"id": file_id},
            "channel_id": channel,
        }

    def _files_info(self, params: dict) -> dict:
        found = self.files.get(str(params.get("file")))
        if found is None:
            raise SlackError("file_not_found")
        return {"file": {k: v for k, v in found.items() if k != "content"}}

    async def _download(self, request: web.Request) -> web.Response:
        """url_private: the file's bytes for a request carrying the bot token."""
        await self._record(Call("download", {"path": request.path}, 200, {}))
        if request.headers.get("Authorization") != f"Bearer {self.bot_token}":
            return web.Response(status=403, text="not authorized")
        file_id = request.match_info["team_file"].split("-", 1)[-1]
        found = self.files.get(file_id)
        if found is None:
            return web.Response(status=404, text="no such file")
        return web.Response(body=found["content"], content_type=found["mimetype"])

    async def _upload(self, request: web.Request) -> web.Response:
        """Step 2 of files_upload_v2: the file's bytes posted to the URL step 1 gave."""
        file_id = request.match_info["file_id"]
        pending = self.uploads.get(file_id)
        data = await request.read()
        status, text = 200, f"OK - {len(data)}"
        if pending is None:
            status, text = 404, "not found"
        elif len(data) != pending["length"]:
            status, text = 400, "length mismatch"
        else:
            pending["bytes"] = data
        await self._record(Call("upload", {"file_id": file_id, "bytes": len(data)}, status, text))
        return web.Response(text=text, status=status)

    def _get_upload_url(self, params: dict) -> dict:
        filename, length = params.get("filename"), params.get("length")
        if not filename:
            raise SlackError("invalid_arguments")
        try:
            size = int(length)
        except (TypeError, ValueError):
            raise SlackError("invalid_arguments") from None
        file_id = f"F{next(self._ids):08d}"
        self.uploads[file_id] = {"filename": filename, "length": size, "bytes": None}
        return {"upload_url": f"{self._root}/upload/{file_id}", "file_id": file_id}

    def _complete_upload(self, params: dict) -> dict:
        files = params.get("files")
        if isinstance(files, str):
            try:
                files = json.loads(files)
            except ValueError:
                raise SlackError("invalid_arguments") from None
        if not isinstance(files, list) or not files:
            raise SlackError("invalid_arguments")
        channel = (
            self._channel(params["channel_id"], post=True) if params.get("channel_id") else None
        )
        shared = []
        for item in files:
            pending = self.uploads.get(str(item.get("id")))
            if pending is None or pending["bytes"] is None:
                raise SlackError("file_not_found")
            info = {
                "id": item["id"],
                "name": pending["filename"],
                "title": item.get("title") or pending["filename"],
                "size": pending["length"],
                "bytes": pending["bytes"],
                "channel": channel,
                "initial_comment": params.get("initial_comment"),
            }
            self.uploaded[item["id"]] = info
            shared.append({k: v for k, v in info.items() if k != "bytes"})
        return {"files": shared}
