"""sendPhoto for the fake Bot API: a PNG upload (its size read from the file) stored as a
message with a photo and a caption, with Telegram's limits on both."""

from __future__ import annotations

from typing import Any

from telegram import PhotoSize

from tests.fakes.telegram_updates import ApiError, rendered


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG (from its IHDR chunk); anything else is refused as Telegram
    refuses a photo it cannot read."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


class TelegramPhotos:
    """Mixed into FakeBotApi (which provides _chat_id, _store_bot_message, _next_file)."""

    async def _send_photo(self, params: dict) -> dict:
        """A photo upload: Telegram accepts PNG or JPEG up to 10 MB, captions up to 1024."""
        chat_id = self._chat_id(params)
        data = params.get("photo_bytes")
        if isinstance(params.get("photo"), str) and params["photo"] and data is None:
            sizes = [PhotoSize(params["photo"], "AgADphoto", 1, 1)]
        elif not isinstance(data, bytes) or not data:
            raise ApiError(400, "Bad Request: there is no photo in the request")
        elif len(data) > 10 * 1024 * 1024:
            raise ApiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")
        else:
            width, height = image_size(data)
            self._next_file += 1
            file_id = f"AgACAgIAAxkBAAI{self._next_file:06d}"
            sizes = [PhotoSize(file_id, f"AQAD{self._next_file:06d}", width, height, len(data))]
        content: dict[str, Any] = {"photo": tuple(sizes)}
        if params.get("caption"):
            caption = rendered(params["caption"], params.get("parse_mode"))
            if len(caption) > 1024:
                raise ApiError(400, "Bad Request: message caption is too long")
            content["caption"] = caption
        return self._store_bot_message(chat_id, params, **content)
