"""Translated labels for the codes stored on cards, shared by the issuing forms and pages."""
from flask_babel import lazy_gettext as _l

GENDER = {"woman": _l("Woman"), "man": _l("Man"), "other": _l("Other"), "not_told": _l("Does not want to tell")}
LIFE_SITUATION = {
    "unemployed": _l("Unemployed"), "student": _l("Student"), "retired": _l("Retired"),
    "disability": _l("Disability or long-term illness"), "family_leave": _l("Family leave"),
    "low_income_work": _l("Working on a low income"), "other": _l("Other"),
}
REASON = {
    "lost": _l("Lost"), "replaced": _l("Replaced by a new card"), "mobile_only": _l("Switched to mobile-only"),
    "misuse": _l("Misuse"), "mistake": _l("Registered by mistake"),
}
ACTION = {"registered": _l("Registered"), "renewed": _l("Renewed"), "inactivated": _l("Taken out of use"),
          "imported": _l("Imported from the earlier system")}
STATUS = {"stock": _l("Not registered"), "valid": _l("Valid"), "expired": _l("Expired"),
          "inactivated": _l("Taken out of use")}
KIND = {"client": _l("Client card"), "community": _l("Community card")}
