"""Translated labels for codes shared across blueprints."""
from flask_babel import lazy_gettext as _l

CATEGORY = {"culture": _l("Culture"), "education": _l("Courses and education"), "science": _l("Science"),
            "sports": _l("Sports and exercise")}
HOW_TO_GET = {"box_office": _l("At the box office"), "phone": _l("By phone"), "enrolment": _l("Course enrolment"),
              "online": _l("Online"), "other": _l("Other way")}
AUDIT_ACTION = {
    "annual_created": _l("Annual checklist created"), "annual_done": _l("Annual task ticked"),
    "annual_task_added": _l("Annual task added"), "annual_task_removed": _l("Annual task removed"),
    "area_created": _l("Area created"), "card_inactivated": _l("Card taken out of use"),
    "cards_imported": _l("Cards imported"), "commitment_acknowledged": _l("Commitment acknowledged"),
    "commitment_published": _l("Commitment published"), "import_file": _l("Import file processed"),
    "invitation_revoked": _l("Invitation link cancelled"), "org_approved": _l("Organisation approved"),
    "org_deactivated": _l("Organisation deactivated"), "org_declined": _l("Organisation declined"),
    "org_reactivated": _l("Organisation reactivated"), "password_reset": _l("Password set with a reset link"),
    "password_reset_link": _l("Password reset link made"), "role_granted": _l("Role granted"),
    "role_invited": _l("Person invited"), "role_revoked": _l("Role removed"),
    "series_generated": _l("Card series generated"), "settings_changed": _l("National settings changed"),
    "stock_allocated": _l("Cards allocated to a site"), "stock_request_handled": _l("Card request handled"),
    "stock_requested": _l("More cards requested"), "use_undone": _l("Use undone"),
    "user_deactivated": _l("Person's access revoked"),
}
