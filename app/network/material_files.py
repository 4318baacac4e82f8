"""What a material may carry: an uploaded file of a safe type and size, or an https link.

The file's type is decided here from its name's extension and checked against its first bytes;
what the browser said the type was is never used.
"""
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask_babel import gettext as _

from app.core.errors import DomainError

MAX_BYTES = 8 * 1024 * 1024  # below the app's request limit (MAX_CONTENT_LENGTH), so the form can say why
MAX_NAME = 160
MAX_LINK = 500
ZIP = (b"PK\x03\x04", b"PK\x05\x06")
# extension -> (content type, the first bytes a file of that type starts with)
TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP),
    "odt": ("application/vnd.oasis.opendocument.text", ZIP),
    "zip": ("application/zip", ZIP),
}
ACCEPT = ",".join(f".{ext}" for ext in TYPES)
UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f\"\\/:*?<>|]")


@dataclass(frozen=True)
class Upload:
    name: str
    content_type: str
    data: bytes


def clean_name(filename: str) -> str:
    """The file's own name without any folder, control or reserved characters (kept for the download)."""
    base = re.split(r"[\\/]", filename or "")[-1]
    base = UNSAFE_NAME.sub("_", base).strip(" .")
    if len(base) > MAX_NAME:
        stem, dot, ext = base.rpartition(".")
        base = (stem[:MAX_NAME - len(ext) - 1] + dot + ext) if dot and len(ext) <= 5 else base[:MAX_NAME]
    return base


def check_file(filename: str, stream) -> Upload:
    """An uploaded file read into memory, or a DomainError on the form's `file` field."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise DomainError("too_large", _("The file is larger than %(mb)d MB.", mb=MAX_BYTES // (1024 * 1024)),
                          status=413, field="file")
    if not data:
        raise DomainError("empty_file", _("The file is empty."), field="file")
    name = clean_name(filename)
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    if ext not in TYPES:
        raise DomainError("file_type", _("This type of file is not accepted. Accepted: %(types)s.",
                                         types=", ".join(sorted({"jpg" if e == "jpeg" else e for e in TYPES}))),
                          field="file")
    content_type, magic = TYPES[ext]
    if not data.startswith(magic):
        raise DomainError("file_content", _("The content of the file does not match its name (.%(ext)s).", ext=ext),
                          field="file")
    return Upload(name=name, content_type=content_type, data=data)


def check_link(value: str) -> str:
    """An https address with a host, as given (trimmed)."""
    link = (value or "").strip()
    parts = urlsplit(link) if link and not any(c.isspace() for c in link) else None
    if parts is None or parts.scheme.lower() != "https" or not parts.hostname:
        raise DomainError("invalid_link", _("The link must be a full address starting with https://."),
                          field="link_url")
    if len(link) > MAX_LINK:
        raise DomainError("invalid_link", _("The link is too long: at most %(max)d characters.", max=MAX_LINK),
                          field="link_url")
    return link
