"""A mail server that keeps what it is sent (FakeSMTP.sent), or refuses every connection (fail)."""
from typing import ClassVar

NATIONAL_CENTRE = "kaikukeskus@example.fi"


class FakeSMTP:
    sent: ClassVar[list] = []
    fail = False

    def __init__(self, host, port=0, timeout=None):
        self.host = host

    def __enter__(self):
        if self.fail:
            raise ConnectionRefusedError("no server")
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, *args):
        pass

    def send_message(self, message):
        FakeSMTP.sent.append(message)
