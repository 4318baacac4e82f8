"""The OpenAPI 3.1 description of /api/v1. Request bodies come from the pydantic models that validate
them, so what is documented is what is accepted."""
from typing import Any

from app.api import schemas
from app.cards import rules
from app.cards.lookup import PUBLIC_STATES
from app.models.card import CARD_KINDS

VERDICT = {
    "type": "object",
    "required": ["status", "reason", "message", "card"],
    "properties": {
        "status": {"type": "string", "enum": list(rules.STATUSES)},
        "reason": {"type": "string", "enum": list(rules.REASONS),
                   "description": "too_old: an offline scan past the backdating limit, kept as a refused scan"},
        "message": {"type": "string", "description": "Already translated into the caller's language."},
        "card": {"type": ["object", "null"], "properties": {
            "id": {"type": "string"}, "kind": {"type": "string", "enum": list(CARD_KINDS)},
            "valid_until": {"type": ["string", "null"], "format": "date"},
            "children_allowed": {"type": "integer"}, "issued_area": {"type": ["string", "null"]}}},
        "earlier_use_at": {"type": "string", "format": "date-time"},
        "event": {"type": "object", "properties": {"quota": {"type": "integer"}, "used": {"type": "integer"}}},
        "site_problem": {"type": "string", "enum": list(rules.SITE_PROBLEMS),
                         "description": "With organisation_not_active: what is wrong with the site (not the card)"},
    },
}
ERROR = {"type": "object", "required": ["error", "message"],
         "properties": {"error": {"type": "string"}, "message": {"type": "string"}, "field": {"type": "string"}}}

BATCH_RESULT = {
    "type": "object", "required": ["client_scan_id", "status"],
    "properties": {
        "client_scan_id": {"type": ["string", "null"]},
        "status": {"type": "integer", "description": "201 recorded; 200 refused or not recorded (see verdict); "
                                                    "400, 403, 404 this item's error"},
        "use_id": {"type": "integer"},
        "verdict": {"$ref": "#/components/schemas/Verdict"},
        "error": {"type": "string", "description": "The item's error code, or too_old"},
        "message": {"type": "string"},
        "field": {"type": "string"},
    },
}


def model_schemas() -> dict[str, Any]:
    """The request bodies, generated from the models that validate them, and the response models
    (app.api.schemas)."""
    models = (*schemas.MODELS, *schemas.RESPONSE_MODELS)
    names = {model.__name__ for model in models}
    found: dict[str, Any] = {}
    for model in models:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        found.update(schema.pop("$defs", {}))
        found[model.__name__] = {key: referenced(value, names) for key, value in schema.items()}
    return found


def referenced(node: Any, names: set[str]) -> Any:
    """A model written out inside another (Batch's items) becomes a reference to its own schema."""
    if isinstance(node, dict):
        if node.get("type") == "object" and node.get("title") in names:
            return ref(node["title"])
        return {key: referenced(value, names) for key, value in node.items()}
    if isinstance(node, list):
        return [referenced(item, names) for item in node]
    return node


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
        "openapi": "3.1.0",
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
            "schemas": {"Verdict": VERDICT, "Error": ERROR, "BatchResult": BATCH_RESULT, **model_schemas()},
        },
        "paths": {
            "/cards/{raw}": {"get": {
                "summary": "Check a card at this venue now (records nothing)", "parameters": [
                    RAW, {"name": "children", "in": "query", "schema": {"type": "integer"}},
                    {"name": "event_id", "in": "query", "schema": {"type": "integer"}}],
                "responses": {"200": answer("The verdict", ref("Verdict")), **errors(400, 401, 403)}}},
            "/uses": {"post": post(
                "Record a use; a same-day repeat (already_used_today) is recorded only with "
                "confirm_repeat: true, otherwise the answer is the warning verdict", ref("UseIn"),
                {"201": answer("Recorded", {"type": "object", "properties": {
                    "use_id": {"type": "integer"}, "verdict": ref("Verdict")}}),
                 "200": answer("Refused, a repeat not confirmed, or the first answer to a repeated "
                               "client_scan_id", {
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
                "Offline sync: each use validated, judged at its scanned_at and stored on its own; a bad "
                "item gets its own error result. An item past the 72-hour limit is kept as a refused scan "
                "and its result has the verdict reason too_old", ref("Batch"),
                {"200": answer("One result per item, in order", {"type": "object", "properties": {
                    "results": {"type": "array", "items": ref("BatchResult")}}})})},
            "/uses/{use_id}/undo": {"post": {
                "summary": "Undo a use within the undo window (the undo is logged)",
                "parameters": [{"name": "use_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {"200": answer("Undone"), **errors(400, 401, 403, 404)}}},
            "/cards/{raw}/registration": {"post": {
                **post("Register a stock card (distributor)", ref("Registration"),
                       {"201": answer("Registered", card_answer)}, 404), "parameters": [RAW]}},
            "/cards/{raw}/renewal": {"post": {
                **post("Renew at the issuing distributor; the body (optional) may update the holder's facts",
                       ref("Renewal"), {"200": answer("Renewed", card_answer)}, 404), "parameters": [RAW]}},
            "/cards/{raw}/inactivation": {"post": {
                **post("Take a card out of use, optionally with a replacement card", ref("Inactivation"),
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
                ref("EventIn"), {"201": answer("Created", {"type": "object"})})},
            "/events/{event_id}": {"patch": {
                **post("Change an event", ref("EventPatch"), {"200": answer("Changed", {"type": "object"})}, 404),
                "parameters": [{"name": "event_id", "in": "path", "required": True, "schema": {"type": "integer"}}]},
                "delete": {
                    "summary": "Delete an event that has no recorded uses",
                    "parameters": [{"name": "event_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "responses": {"204": {"description": "Deleted"}, **errors(401, 403, 404),
                                  "409": answer("The event has recorded uses", ref("Error"))}}},
            "/public/stats": {"get": {
                "summary": "The national table for a year, no login, rate-limited; format=csv gives the same "
                           "as one CSV row (UTF-8 with BOM, ';' separators, categories as culture_adults...)",
                "security": [], "parameters": [
                    {"name": "year", "in": "query", "schema": {"type": "integer"},
                     "description": "From 2000 to this year; this year by default"},
                    {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["json", "csv"]}}],
                "responses": {"200": {"description": "The table", "content": {
                    "application/json": {"schema": ref("PublicStats")},
                    "text/csv": {"schema": {"type": "string"}}}}, **errors(400, 429)}}},
            "/public/cards/{raw}": {"get": {
                "summary": "Public check, no login, rate-limited", "security": [], "parameters": [RAW],
                "responses": {"200": answer("State", {"type": "object", "properties": {
                    "state": {"type": "string", "enum": list(PUBLIC_STATES)},
                    "valid_until": {"type": ["string", "null"], "format": "date"}}}),
                    **errors(429)}}},
        },
    }
