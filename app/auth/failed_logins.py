"""Failed sign-ins counted per account, whatever the address: guessing one person's password from
many addresses soon stops. Counted for any e-mail typed, existing or not, so the answer tells no one
which accounts exist. Kept in the rate-limit storage (Redis when REDIS_URL is set)."""
import hashlib
import time

from flask import current_app
from limits import parse

from app.extensions import limiter


class Account:
    def __init__(self, email: str):
        account = hashlib.sha256((email or "").strip().lower().encode()).hexdigest()[:32]
        self.key = (current_app.config.get("RATELIMIT_KEY_PREFIX") or "", "login-account", account)
        self.item = parse(current_app.config["RATELIMIT_LOGIN_ACCOUNT"])
        self.enabled = current_app.config.get("RATELIMIT_ENABLED", True)

    def locked(self) -> bool:
        return self.enabled and not limiter.limiter.test(self.item, *self.key)

    def failed(self) -> None:
        if self.enabled:
            limiter.limiter.hit(self.item, *self.key)

    def forget(self) -> None:
        if self.enabled:
            limiter.limiter.clear(self.item, *self.key)

    def minutes_left(self) -> int:
        reset_at = limiter.limiter.get_window_stats(self.item, *self.key).reset_time
        return max(1, int((reset_at - time.time() + 59) // 60))
