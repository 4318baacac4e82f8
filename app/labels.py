"""Translated labels for codes shared across blueprints."""
from flask_babel import lazy_gettext as _l

CATEGORY = {"culture": _l("Culture"), "education": _l("Courses and education"), "science": _l("Science"),
            "sports": _l("Sports and exercise")}
HOW_TO_GET = {"box_office": _l("At the box office"), "phone": _l("By phone"), "enrolment": _l("Course enrolment"),
              "online": _l("Online"), "other": _l("Other way")}
