"""The gateway's outbound content → WhatsApp ``Message`` protobufs, uploading media on the way.

Messages are built here rather than with neonize's ``send_image``/``send_video`` helpers: those
read a ``str`` as a URL or a path (the gateway passes bytes it already fetched and checked), need
ffmpeg for every video and voice note, and parse ``@digits`` in captions on their own. ffmpeg is
used when present for durations and thumbnails, and never required except for animated stickers.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import tempfile
import time
from typing import Any

from neonize.proto.waCommon.WACommon_pb2 import MessageKey
from neonize.proto.waE2E.WAWebProtobufsE2E_pb2 import (
    AudioMessage,
    ContactMessage,
    ContactsArrayMessage,
    ContextInfo,
    DocumentMessage,
    ExtendedTextMessage,
    ImageMessage,
    LocationMessage,
    Message,
    ProtocolMessage,
    ReactionMessage,
    StickerMessage,
    VideoMessage,
)
from neonize.utils.enum import MediaType

from inboxhub.engines.base import (
    ContactCards,
    LocationPin,
    Media,
    MessageRef,
    Outbound,
    Reaction,
    StatusText,
    TemplateMessage,
    Text,
)
from inboxhub.engines.web.jids import canonical_jid, is_group
from inboxhub.errors import EngineNotSupported, ValidationFailed

log = logging.getLogger(__name__)

_MEDIA_TYPES = {
    "image": MediaType.MediaImage,
    "sticker": MediaType.MediaImage,
    "video": MediaType.MediaVideo,
    "audio": MediaType.MediaAudio,
    "document": MediaType.MediaDocument,
}
_FFMPEG_TIMEOUT = 30
_STICKER_SIZE = 512
# Status text is drawn on a coloured card; this is WhatsApp's own default teal.
_STATUS_BACKGROUND = 0xFF128C7E
_STATUS_TEXT = 0xFFFFFFFF


def context_info(
    *, mentions: list[str], reply: MessageRef | None, own_jid: str | None, quoted: Any | None
) -> ContextInfo | None:
    """Mentions and the quoted message of a reply, as WhatsApp expects them on any content."""
    mentioned = [m for m in (canonical_jid(x) for x in mentions) if m]
    if not mentioned and reply is None:
        return None
    context = ContextInfo(mentionedJID=mentioned)
    if reply is not None:
        participant = own_jid if reply.from_me else (reply.sender_id or reply.chat_id)
        context.stanzaID = reply.id
        context.participant = canonical_jid(participant or reply.chat_id) or reply.chat_id
        if quoted is not None:
            # Without the quoted content phones show the reply without its preview box.
            context.quotedMessage.CopyFrom(quoted)
    return context


def message_key(target: MessageRef) -> MessageKey:
    key = MessageKey(remoteJID=target.chat_id, fromMe=target.from_me, ID=target.id)
    # Group and status messages are told apart by their author; 1:1 chats need no participant.
    shared = is_group(target.chat_id) or target.chat_id.endswith("@broadcast")
    if shared and not target.from_me and target.sender_id:
        key.participant = target.sender_id
    return key


def reaction_message(target: MessageRef, emoji: str) -> Message:
    return Message(
        reactionMessage=ReactionMessage(
            key=message_key(target), text=emoji, senderTimestampMS=int(time.time() * 1000)
        )
    )


def revoke_message(target: MessageRef) -> Message:
    return Message(
        protocolMessage=ProtocolMessage(type=ProtocolMessage.REVOKE, key=message_key(target))
    )


def _status_background(content: Text) -> int:
    """The status's ``backgroundColor`` (``#RRGGBB`` or ``#AARRGGBB``) as WhatsApp's ARGB."""
    color = content.background_color if isinstance(content, StatusText) else None
    if not color:
        return _STATUS_BACKGROUND
    digits = color.lstrip("#")
    try:
        value = int(digits, 16)
    except ValueError:
        return _STATUS_BACKGROUND
    return value | 0xFF000000 if len(digits) == 6 else value & 0xFFFFFFFF


def _status_font(content: Text) -> int:
    """The status's ``font`` when WhatsApp has a font with that number, else its default."""
    font = content.font if isinstance(content, StatusText) else None
    known = set(ExtendedTextMessage.FontType.values())
    return font if font is not None and font in known else ExtendedTextMessage.SYSTEM


def build(
    client: Any, content: Outbound, context: ContextInfo | None, *, status: bool = False
) -> Message:
    """The ``Message`` for one outbound content; media is uploaded through ``client``."""
    if isinstance(content, Text):
        if status:
            return Message(
                extendedTextMessage=ExtendedTextMessage(
                    text=content.body,
                    backgroundArgb=_status_background(content),
                    textArgb=_STATUS_TEXT,
                    font=_status_font(content),
                )
            )
        if context is None:
            return Message(conversation=content.body)
        return Message(
            extendedTextMessage=ExtendedTextMessage(text=content.body, contextInfo=context)
        )
    if isinstance(content, Media):
        return _media(client, content, context)
    if isinstance(content, LocationPin):
        where = content.location
        location = LocationMessage(
            degreesLatitude=where.latitude,
            degreesLongitude=where.longitude,
            name=where.name,
            address=where.address,
        )
        if context is not None:
            location.contextInfo.CopyFrom(context)
        return Message(locationMessage=location)
    if isinstance(content, ContactCards):
        return _contacts(content, context)
    if isinstance(content, Reaction):
        return reaction_message(content.target, content.emoji)
    if isinstance(content, TemplateMessage):
        raise EngineNotSupported(
            "Templates are a Cloud API feature; a WhatsApp Web session sends free-form messages",
            field="type",
        )
    raise ValidationFailed(f"Unsupported content {type(content).__name__}", field="type")


def _contacts(content: ContactCards, context: ContextInfo | None) -> Message:
    if not content.vcards:
        raise ValidationFailed("At least one vCard is required", field="message.contacts")
    cards = [
        ContactMessage(displayName=_vcard_name(v) or content.display_name or "", vcard=v)
        for v in content.vcards
    ]
    if len(cards) == 1:
        card = cards[0]
        if content.display_name:
            card.displayName = content.display_name
        if context is not None:
            card.contextInfo.CopyFrom(context)
        return Message(contactMessage=card)
    array = ContactsArrayMessage(
        displayName=content.display_name or f"{len(cards)} contacts", contacts=cards
    )
    if context is not None:
        array.contextInfo.CopyFrom(context)
    return Message(contactsArrayMessage=array)


def _vcard_name(vcard: str) -> str | None:
    for line in vcard.splitlines():
        if line.upper().startswith("FN:") or line.upper().startswith("FN;"):
            return line.split(":", 1)[1].strip() or None
    return None


def _media(client: Any, media: Media, context: ContextInfo | None) -> Message:
    data = media.data
    if not data:
        raise ValidationFailed("The media file is empty", field="message")
    if media.kind == "sticker":
        data, mimetype, animated = _sticker_bytes(client, data, media.mimetype)
    else:
        mimetype, animated = media.mimetype, False
    if media.kind == "audio" and media.ptt and mimetype.startswith("audio/ogg"):
        mimetype = "audio/ogg; codecs=opus"  # what phones send for voice notes
    upload = client.upload(data, _MEDIA_TYPES[media.kind])
    stored = {
        "URL": upload.url,
        "directPath": upload.DirectPath,
        "mediaKey": upload.MediaKey,
        "fileEncSHA256": upload.FileEncSHA256,
        "fileSHA256": upload.FileSHA256,
        "fileLength": upload.FileLength,
        "mimetype": mimetype,
    }
    if media.kind == "image":
        image = ImageMessage(caption=media.caption, **stored, **_image_extras(data))
        return _contextual(Message(imageMessage=image), image, context)
    if media.kind == "video":
        video = VideoMessage(
            caption=media.caption,
            seconds=_duration(data) or 0,
            JPEGThumbnail=_video_thumbnail(data) or b"",
            **stored,
        )
        return _contextual(Message(videoMessage=video), video, context)
    if media.kind == "audio":
        audio = AudioMessage(PTT=media.ptt, seconds=_duration(data) or 0, **stored)
        return _contextual(Message(audioMessage=audio), audio, context)
    if media.kind == "document":
        name = media.filename or "file"
        document = DocumentMessage(caption=media.caption, fileName=name, title=name, **stored)
        return _contextual(Message(documentMessage=document), document, context)
    sticker = StickerMessage(isAnimated=animated, **stored)
    return _contextual(Message(stickerMessage=sticker), sticker, context)


def _contextual(message: Message, part: Any, context: ContextInfo | None) -> Message:
    if context is not None:
        part.contextInfo.CopyFrom(context)
    return message


def _image_extras(data: bytes) -> dict[str, Any]:
    """Size and a small JPEG preview, which phones show while the full image downloads."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            preview = image.convert("RGB")
            preview.thumbnail((72, 72))
            buffer = io.BytesIO()
            preview.save(buffer, format="JPEG", quality=60)
    except Exception:  # not something Pillow reads: WhatsApp still accepts it without preview
        return {}
    return {"width": width, "height": height, "JPEGThumbnail": buffer.getvalue()}


def _sticker_bytes(client: Any, data: bytes, mimetype: str) -> tuple[bytes, str, bool]:
    """WhatsApp shows only 512 px WebP stickers: convert other images, pass WebP through."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            frames = getattr(image, "n_frames", 1)
            if image.format == "WEBP":
                return data, "image/webp", frames > 1
            if frames > 1:
                raise ValueError("animated")
            picture = image.convert("RGBA")
    except ValueError:
        return _animated_sticker(client, data)
    except Exception as exc:
        if mimetype.startswith("video/"):
            return _animated_sticker(client, data)
        raise ValidationFailed("The sticker is not an image", field="message") from exc
    picture.thumbnail((_STICKER_SIZE, _STICKER_SIZE))
    canvas = Image.new("RGBA", (_STICKER_SIZE, _STICKER_SIZE), (0, 0, 0, 0))
    canvas.paste(
        picture, ((_STICKER_SIZE - picture.width) // 2, (_STICKER_SIZE - picture.height) // 2)
    )
    buffer = io.BytesIO()
    canvas.save(buffer, format="WEBP")
    return buffer.getvalue(), "image/webp", False


def _animated_sticker(client: Any, data: bytes) -> tuple[bytes, str, bool]:
    if shutil.which("ffmpeg") is None:
        raise EngineNotSupported(
            "Animated stickers need ffmpeg on the gateway host; send a WebP instead",
            field="message",
        )
    from neonize.utils.sticker import convert_to_sticker

    converted, _ = convert_to_sticker(data, "", "", True, False, False)
    return bytes(converted), "image/webp", True


def _probe(data: bytes, args: list[str]) -> bytes | None:
    tool = args[0]
    if shutil.which(tool) is None:
        return None
    with tempfile.NamedTemporaryFile(prefix="inboxhub-media-") as file:
        file.write(data)
        file.flush()
        command = [arg.replace("{input}", file.name) for arg in args]
        try:
            result = subprocess.run(
                command, capture_output=True, timeout=_FFMPEG_TIMEOUT, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            log.warning("%s did not finish on a media file", tool)
            return None
    return result.stdout if result.returncode == 0 else None


def _duration(data: bytes) -> int | None:
    out = _probe(
        data,
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "format=duration",
            "-of",
            "default=noprint_wrappers=1:nokey=1",
            "{input}",
        ],
    )
    try:
        return round(float(out.decode().strip())) if out else None
    except ValueError:
        return None


def _video_thumbnail(data: bytes) -> bytes | None:
    return _probe(
        data,
        [
            "ffmpeg",
            "-v",
            "error",
            "-i",
            "{input}",
            "-frames:v",
            "1",
            "-vf",
            "scale=96:-1",
            "-f",
            "mjpeg",
            "pipe:1",
        ],
    )
