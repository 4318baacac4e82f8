"""The OpenAPI 3 description of /api/v1."""
from typing import Any

VERDICT = {
    "type": "object",
    "required": ["status", "reason", "message", "card"],
    "properties": {
        "status": {"type": "string", "enum": ["ok", "warning", "error"]},
        "reason": {"type": "string", "enum": [
            "valid", "already_used_today", "unknown", "malformed", "not_registered", "expired",
            "inactivated", "children_exceeded", "group_too_large", "quota_full", "sold_out",
            "organisation_not_active"]},
        "message": {"type": "string", "description": "Already translated into the caller's language."},
        "card": {"nullable": True, "type": "object", "properties": {
            "id": {"type": "string"}, "kind": {"type": "string", "enum": ["client", "community"]},
            "valid_until": {"type": "string", "format": "date", "nullable": True},
            "children_allowed": {"type": "integer"}, "issued_area": {"type": "string", "nullable": True}}},
        "earlier_use_at": {"type": "string", "format": "date-time"},
        "event": {"type": "object", "properties": {"quota": {"type": "integer"}, "used": {"type": "integer"}}},
    },
}
ERROR = {"type": "object", "required": ["error", "message"],
         "properties": {"error": {"type": "string"}, "message": {"type": "string"}, "field": {"type": "string"}}}
USE_IN = {
    "type": "object", "required": ["card", "client_scan_id"],
    "properties": {
        "card": {"type": "string", "description": "What was scanned or typed."},
        "adults": {"type": "integer", "enum": [1], "default": 1},
        "children": {"type": "integer", "minimum": 0, "default": 0},
        "assistants": {"type": "integer", "minimum": 0, "maximum": 20, "default": 0},
        "category": {"type": "string", "enum": ["culture", "education", "science", "sports"]},
        "event_id": {"type": "integer"},
        "client_scan_id": {"type": "string", "minLength": 8, "maxLength": 64},
        "scanned_at": {"type": "string", "format": "date-time"},
        "source": {"type": "string", "enum": ["camera_qr", "camera_code39", "server_decode", "manual",
                                               "keyboard_scanner", "offline_sync"]},
        "site": {"type": "integer", "description": "The venue site, for people with several sites."},
    },
}
REGISTRATION = {
    "type": "object",
    "properties": {
        "kind": {"type": "string", "enum": ["client", "community"], "default": "client"},
        "birth_year": {"type": "integer"}, "postcode": {"type": "string", "pattern": "^[0-9]{5}$"},
        "municipality": {"type": "string", "description": "Official three-digit code"},
        "children": {"type": "integer", "minimum": 0, "maximum": 20},
        "gender": {"type": "string", "enum": ["woman", "man", "other", "not_told"]},
        "life_situation": {"type": "string"},
        "issued_on": {"type": "string", "format": "date", "description": "Paper form: at most 60 days back"},
    },
}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def answer(description: str, schema: dict | None = None) -> dict[str, Any]:
    body = {"description": description}
    if schema is not None:
        body["content"] = {"application/json": {"schema": schema}}
    return body


def errors(*codes: int) -> dict[str, Any]:
    text = {400: "Malformed request", 401: "No or bad credentials", 403: "Outside scope",
            404: "Unknown resource", 413: "Too large", 429: "Rate-limited"}
    return {str(c): answer(text[c], ref("Error")) for c in codes}


def post(summary: str, schema: dict | None, ok: dict[str, Any], *codes: int) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": summary, "responses": {**ok, **errors(400, 401, 403, *codes)}}
    if schema is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": schema}}}
    return op


RAW = {"name": "raw", "in": "path", "required": True, "schema": {"type": "string"},
       "description": "Whatever was scanned or typed, URL-encoded; the server normalises it."}


def document() -> dict[str, Any]:
    card_answer = {"type": "object", "properties": {"card": {"type": "object"}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Kaikukanta API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}, {"session": []}],
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer",
                           "description": "Per-organisation key from `flask apikeys create --org ID`"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session",
                            "description": "Browser session; writes also need the X-CSRFToken header"},
            },
            "schemas": {"Verdict": VERDICT, "Error": ERROR, "UseIn": USE_IN, "Registration": REGISTRATION},
        },
        "paths": {
            "/cards/{raw}": {"get": {
                "summary": "Check a card at this venue now (records nothing)", "parameters": [
                    RAW, {"name": "children", "in": "query", "schema": {"type": "integer"}},
                    {"name": "event_id", "in": "query", "schema": {"type": "integer"}}],
                "responses": {"200": answer("The verdict", ref("Verdict")), **errors(400, 401, 403)}}},
            "/uses": {"post": post(
                "Record a use; a warning verdict (already_used_today) is recorded too, so confirm it "
                "before calling", ref("UseIn"),
                {"201": answer("Recorded", {"type": "object", "properties": {
                    "use_id": {"type": "integer"}, "verdict": ref("Verdict")}}),
                 "200": answer("Refused, or the first answer to a repeated client_scan_id", {
                     "type": "object", "properties": {"verdict": ref("Verdict")}})}, 404)},
            "/uses/today": {"get": {
                "summary": "Today's uses at this venue site, newest first, with undo availability",
                "responses": {"200": answer("Uses", {"type": "object", "properties": {
                    "uses": {"type": "array", "items": {"type": "object"}}}}), **errors(401, 403)}}},
            "/events/today": {"get": {
                "summary": "Today's events at this venue site with Kaikukortti tickets used",
                "responses": {"200": answer("Events", {"type": "object", "properties": {
                    "events": {"type": "array", "items": {"type": "object"}}}}), **errors(401, 403)}}},
            "/uses/batch": {"post": post(
                "Offline sync: each use judged at its scanned_at",
                {"type": "object", "required": ["uses"], "properties": {
                    "uses": {"type": "array", "items": ref("UseIn"), "maxItems": 500}}},
                {"200": answer("One result per item", {"type": "object"})})},
            "/uses/{use_id}/undo": {"post": {
                "summary": "Undo a use within the undo window (the undo is logged)",
                "parameters": [{"name": "use_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {"200": answer("Undone"), **errors(400, 401, 403, 404)}}},
            "/cards/{raw}/registration": {"post": {
                **post("Register a stock card (distributor)", ref("Registration"),
                       {"201": answer("Registered", card_answer)}, 404), "parameters": [RAW]}},
            "/cards/{raw}/renewal": {"post": {
                **post("Renew at the issuing distributor; body may update birth_year, postcode, children",
                       None, {"200": answer("Renewed", card_answer)}, 404), "parameters": [RAW]}},
            "/cards/{raw}/inactivation": {"post": {
                **post("Take a card out of use, optionally with a replacement card",
                       {"type": "object", "required": ["reason"], "properties": {
                           "reason": {"type": "string", "enum": ["lost", "replaced", "mobile_only", "misuse",
                                                                 "mistake"]},
                           "replacement": {"type": "string"}}},
                       {"200": answer("Inactivated", card_answer)}, 404), "parameters": [RAW]}},
            "/decode": {"post": {
                "summary": "Find QR and Code 39 codes in a photo",
                "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                    "type": "object", "properties": {"image": {"type": "string", "format": "binary"}}}}}},
                "responses": {"200": answer("Codes found", {"type": "object", "properties": {
                    "codes": {"type": "array", "items": {"type": "object"}}, "ms": {"type": "number"}}}),
                    **errors(400, 401, 403, 413, 429)}}},
            "/events": {"post": post(
                "Create an event; quota defaults to the national percentage of capacity, rounded up",
                {"type": "object", "required": ["name", "starts_at", "capacity"], "properties": {
                    "name": {"type": "string"}, "starts_at": {"type": "string", "format": "date-time"},
                    "capacity": {"type": "integer"}, "quota": {"type": "integer"},
                    "sold_out": {"type": "boolean"}}},
                {"201": answer("Created", {"type": "object"})})},
            "/events/{event_id}": {"patch": {
                **post("Change an event", {"type": "object"}, {"200": answer("Changed", {"type": "object"})}, 404),
                "parameters": [{"name": "event_id", "in": "path", "required": True, "schema": {"type": "integer"}}]}},
            "/public/cards/{raw}": {"get": {
                "summary": "Public check, no login, rate-limited", "security": [], "parameters": [RAW],
                "responses": {"200": answer("State", {"type": "object", "properties": {
                    "state": {"type": "string", "enum": ["valid", "expired", "not_registered", "not_in_use",
                                                         "malformed"]},
                    "valid_until": {"type": "string", "format": "date", "nullable": True}}}),
                    **errors(429)}}},
        },
    }
