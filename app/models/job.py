from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from app.extensions import db
from app.models.base import utcnow

JOB_STATUSES = ("pending", "running", "done", "failed")


class BackgroundJob(db.Model):
    """Work that takes longer than a request (long exports, reports): its progress, and the file it
    made. The job code is in app.core.jobs; the owner downloads the result."""

    __tablename__ = "background_job"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    locale: Mapped[str] = mapped_column(String(5), default="fi")
    status: Mapped[str] = mapped_column(String(12), default="pending")
    progress: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(String(500))
    filename: Mapped[str | None] = mapped_column(String(160))
    mimetype: Mapped[str | None] = mapped_column(String(120))
    result: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
