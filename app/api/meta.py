from flask import jsonify

from app.api import bp
from app.api.openapi import document


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())
