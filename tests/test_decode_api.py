"""POST /api/v1/decode: finds the card in a photo; refuses bad uploads cleanly (never a 500 or a hang)."""
import io
import struct
import zlib

from hypothesis import HealthCheck, given, settings, strategies as st

from app.cards import ids


def png_bytes(image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def qr_photo(text: str) -> bytes:
    import qrcode
    return png_bytes(qrcode.make(text).get_image())


def png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def upload(client, data: bytes, name="photo.png"):
    return client.post("/api/v1/decode", data={"image": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_a_photo_of_a_card_qr_gives_the_card_id(venue_api):
    card_id = ids.generate()
    response = upload(venue_api, qr_photo(f"https://kortti.example/c/{card_id}"))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["codes"][0]["card"] == card_id and body["codes"][0]["format"] == "qr_code"
    assert isinstance(body["ms"], float) and len(body["codes"][0]["box"]) == 4


def test_a_photo_without_a_code_gives_no_codes(venue_api):
    from PIL import Image
    response = upload(venue_api, png_bytes(Image.new("L", (640, 480), 200)))
    assert response.status_code == 200 and response.get_json()["codes"] == []


def test_distributors_may_decode_and_anonymous_may_not(client, distributor_api):
    assert upload(distributor_api, qr_photo("hello")).status_code == 200
    assert upload(client, qr_photo("hello")).status_code == 401


def test_bad_uploads_are_refused_clearly(venue_api):
    from PIL import Image
    assert venue_api.post("/api/v1/decode", data={}).status_code == 400
    not_image = upload(venue_api, b"this is text, not a photo")
    assert not_image.status_code == 400 and not_image.get_json()["error"] == "not_an_image"
    truncated = upload(venue_api, qr_photo("abc")[:200])
    assert truncated.status_code in (200, 400)
    assert upload(venue_api, png_bytes(Image.new("L", (1, 1)))).get_json()["codes"] == []
    bomb = upload(venue_api, png_header_only(50_000, 50_000))
    assert bomb.status_code == 413 and bomb.get_json()["error"] == "too_large"
    huge = upload(venue_api, b"\xff\xd8\xff" + b"\0" * (8 * 1024 * 1024 + 10))
    assert huge.status_code == 413, huge.get_json()


def test_decoding_is_rate_limited_per_user(app, venue_api):
    app.config["RATELIMIT_DECODE"] = "3 per minute"
    statuses = [upload(venue_api, b"x").status_code for _ in range(5)]
    assert statuses[:3] == [400, 400, 400] and statuses[-1] == 429


MAGICS = [b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"RIFF\x00\x00\x00\x00WEBPVP8 ", b"GIF89a", b""]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(magic=st.sampled_from(MAGICS), tail=st.binary(max_size=3000))
def test_random_bytes_never_cause_a_server_error(venue_api, magic, tail):
    response = upload(venue_api, magic + tail)
    assert response.status_code in (200, 400, 413, 429)
    assert response.is_json
