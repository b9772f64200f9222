"""Slack's file upload for the fake Web API, as slack_sdk's files_upload_v2 drives it:
files.getUploadURLExternal gives an upload URL (on the fake itself, 127.0.0.1), the bytes are
posted there, and files.completeUploadExternal shares the file in a channel with a comment."""

from __future__ import annotations

import json

from aiohttp import web

from tests.fakes.slack_payloads import Call, SlackError


class SlackFiles:
    """Mixed into FakeSlackApi; `uploads` and `uploaded` are set up by it."""

    uploads: dict[str, dict]
    uploaded: dict[str, dict]

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
