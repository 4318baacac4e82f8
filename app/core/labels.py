"""Translated labels for codes, one dict per code family. The codes themselves are defined once, in
the model module or in app.cards.rules; tests/test_card_state_agreement.py checks that every code has
its label."""
from flask_babel import lazy_gettext as _l

CATEGORY = {"culture": _l("Culture"), "education": _l("Courses and education"), "science": _l("Science"),
            "sports": _l("Sports and exercise")}
HOW_TO_GET = {"box_office": _l("At the box office"), "phone": _l("By phone"), "enrolment": _l("Course enrolment"),
              "online": _l("Online"), "other": _l("Other way")}
AUDIT_ACTION = {
    "annual_created": _l("Annual checklist created"), "annual_done": _l("Annual task ticked"),
    "annual_undone": _l("Annual task unticked"),
    "annual_task_added": _l("Annual task added"), "annual_task_removed": _l("Annual task removed"),
    "area_created": _l("Area created"), "card_inactivated": _l("Card taken out of use"),
    "cards_imported": _l("Cards imported"), "commitment_acknowledged": _l("Commitment acknowledged"),
    "commitment_published": _l("Commitment published"), "import_file": _l("Import file processed"),
    "invitation_revoked": _l("Invitation link cancelled"), "org_approved": _l("Organisation approved"),
    "org_changed": _l("Organisation details changed"), "org_created": _l("Organisation added"),
    "org_deactivated": _l("Organisation deactivated"), "org_declined": _l("Organisation declined"),
    "org_reactivated": _l("Organisation reactivated"), "password_reset": _l("Password set with a reset link"),
    "password_reset_link": _l("Password reset link made"),
    "password_reset_requested": _l("Password reset requested by the person"), "role_granted": _l("Role granted"),
    "role_invited": _l("Person invited"), "role_revoked": _l("Role removed"),
    "series_generated": _l("Card series generated"), "settings_changed": _l("National settings changed"),
    "stock_allocated": _l("Cards allocated to a site"), "stock_request_handled": _l("Card request handled"),
    "stock_requested": _l("More cards requested"), "use_undone": _l("Use undone"),
    "user_deactivated": _l("Person's access revoked"),
    "fee_total_set": _l("Database fee total entered"), "fee_agreement_set": _l("Area's agreed fee share changed"),
    "material_published": _l("Material published"), "material_changed": _l("Material changed"),
    "material_withdrawn": _l("Material withdrawn"),
    "distributor_list_prepared": _l("Distributor list prepared"),
    "distributor_list_submitted": _l("Distributor list submitted"),
    "distributor_list_commented": _l("Distributor list commented"),
    "distributor_list_approved": _l("Distributor list approved"),
    "meeting_created": _l("Feedback meeting recorded"), "meeting_changed": _l("Feedback meeting changed"),
    "meeting_invitees_set": _l("Feedback meeting invitees chosen"),
    "meeting_invitations_sent": _l("Feedback meeting invitations sent"),
    "round_opened": _l("Continuation round opened"), "round_answered": _l("Continuation question answered"),
    "round_reminded": _l("Continuation round: the unanswered reminded"),
    "round_closed": _l("Continuation round closed"), "org_end_scheduled": _l("Organisation's end scheduled"),
    "org_end_taken_back": _l("Organisation's scheduled end taken back"),
    "coordination_acknowledged": _l("Coordination commitment acknowledged"),
    "area_contact_added": _l("Area contact added"), "area_contact_changed": _l("Area contact changed"),
    "area_contact_removed": _l("Area contact removed"),
    "area_feedback_email_changed": _l("Area's feedback e-mail changed"),
    "contact_changes_seen": _l("Contact changes marked seen"),
}
ORG_KIND = {"distributor": _l("Distributor site"), "venue": _l("Venue")}
ORG_STATE = {"proposed": _l("Waiting for approval"), "approved": _l("Approved"), "declined": _l("Declined"),
             "deactivated": _l("Deactivated")}
# Names of the fields that audit entries carry in `details` (before/after changes, initial values).
AUDIT_FIELD = {
    "kind": _l("Kind"), "name": _l("Name"), "municipality_code": _l("Municipality"),
    "default_category": _l("Default category of uses (venues)"), "contact_name": _l("Contact person"),
    "contact_email": _l("Contact person's work email"), "contact_phone": _l("Contact person's phone"),
    "approval_state": _l("State"), "approved_from": _l("Approved from"), "reason": _l("Reason"),
    "override": _l("Start at once instead of on 1 January"), "card": _l("Card"), "file": _l("File"),
    "count": _l("Number of cards"), "role": _l("Role"), "email": _l("Email"), "area": _l("Area"),
    "municipalities": _l("Municipalities"), "memberships": _l("Roles"), "active": _l("Active"),
    "organisation_id": _l("Organisation"), "side": _l("Side"), "invited_by": _l("Invited by"),
    "version": _l("Version label"),
    "previous_counts_until": _l("The previous version's acknowledgement still counts until"),
    "text": _l("Task"), "note": _l("Note on the change"), "replacement": _l("Replacement card"),
    "first": _l("First card"), "last": _l("Last card"), "series": _l("Series"), "allocated": _l("Cards allocated"),
    "validity_months": _l("Card validity in months"),
    "child_age_limit": _l("Children's free tickets: under this age"),
    "quota_percent": _l("Default Kaikukortti quota, percent of an event's capacity"),
    "group_limit": _l("Largest group on a community card"),
    "undo_hours": _l("A use can be undone within this many hours"),
    "total_euros": _l("Total database fee (€)"), "municipalities_euros": _l("Municipalities' agreed share (€)"),
    "county_euros": _l("Wellbeing services county's agreed share (€)"),
    "title": _l("Title"), "audience": _l("Meant for"), "material_kind": _l("Kind of material"),
    "language": _l("Language"), "link": _l("Link"),
    "meeting_date": _l("Date of the meeting"), "place": _l("Place"), "online_link": _l("Online link"),
    "stats_year": _l("Year of the statistics"), "invitees": _l("Invited organisations"),
    "national_centre": _l("The national centre invited"), "recipients": _l("Sent to"),
    "approved_until": _l("Last operating day"), "answer": _l("Answer"), "year": _l("Year"),
    "round": _l("Continuation round"), "opens_on": _l("Opens on"), "closes_on": _l("Closes on"),
    "asked": _l("Sites asked"), "unanswered": _l("Not answered"), "mailed": _l("E-mails sent"),
    "yes": _l("Continues"), "no": _l("Does not continue"), "yes_with_changes": _l("Continues with changes"),
    "commitment_kind": _l("Kind of commitment"), "phone": _l("Phone"), "public": _l("Shown publicly"),
    "feedback_email": _l("Feedback e-mail"), "user": _l("Coordinator's account"), "contact": _l("Contact"),
    "job_title": _l("Job title"),
}
# What an audit entry is about, when its own name cannot be shown.
AUDIT_TARGET = {
    "organisation": _l("Organisation"), "user": _l("Person"), "card": _l("Card"), "use": _l("Use"),
    "invitation": _l("Invitation link"), "commitment_version": _l("Commitment version"),
    "card_series": _l("Series"), "stock_request": _l("Card request"), "area": _l("Area"),
    "annual_task": _l("Annual task"), "annual_checklist": _l("Annual checklist"),
    "national_settings": _l("National settings"), "database_fee": _l("Database fee"),
    "material": _l("Material"),
    "distributor_list": _l("Distributor list"),
    "feedback_meeting": _l("Feedback meeting"),
    "continuation_round": _l("Continuation round"),
    "contact_change": _l("Contact change"),
}
ROLE = {"national_admin": _l("National support centre"), "coordinator": _l("Coordinator"),
        "distributor": _l("Distributor staff"), "venue": _l("Venue staff")}
# Who pays a part of the yearly database fee (app.stats.fees).
FEE_PARTY = {"municipality": _l("Municipality"), "county": _l("Wellbeing services county")}
FEE_COLUMN = {"party": _l("Payer"), "code": _l("Code"), "name": _l("Name"), "population": _l("Population"),
              "euros": _l("Euros")}
SIDE = {"culture": _l("Culture side (venues)"), "sote": _l("Sote side (distributors)"), "both": _l("Both sides")}

# Cards: the state on a day (app.cards.rules.card_state), and what is stored on a card.
CARD_STATE = {"stock": _l("Not registered"), "active": _l("Valid"), "expired": _l("Expired"),
              "inactivated": _l("Taken out of use")}
# The stored state, as an import file gives it (expired is not stored).
STORED_CARD_STATE = {"stock": _l("Not registered"), "active": _l("Registered"),
                     "inactivated": _l("Taken out of use")}
CARD_KIND = {"client": _l("Client card"), "community": _l("Community card")}
CARD_ACTION = {"registered": _l("Registered"), "renewed": _l("Renewed"), "inactivated": _l("Taken out of use"),
               "imported": _l("Imported from the earlier system")}
INACTIVATION_REASON = {
    "lost": _l("Lost"), "replaced": _l("Replaced by a new card"), "mobile_only": _l("Switched to mobile-only"),
    "misuse": _l("Misuse"), "mistake": _l("Registered by mistake"),
}
GENDER = {"woman": _l("Woman"), "man": _l("Man"), "other": _l("Other"), "not_told": _l("Does not want to tell")}
LIFE_SITUATION = {
    "unemployed": _l("Unemployed"), "student": _l("Student"), "retired": _l("Retired"),
    "disability": _l("Disability or long-term illness"), "family_leave": _l("Family leave"),
    "low_income_work": _l("Working on a low income"), "other": _l("Other"),
}
# Why a scan recorded no use (the refusing verdict reasons, app.cards.rules.REFUSALS).
REFUSAL_REASON = {
    "too_old": _l("Sent too late from an offline desk"), "unknown": _l("Card not found"),
    "malformed": _l("Not a valid card number"), "not_registered": _l("Not registered"), "expired": _l("Expired"),
    "inactivated": _l("Card no longer in use"), "children_exceeded": _l("Too many children"),
    "group_too_large": _l("Group too large"), "quota_full": _l("Event quota full"), "sold_out": _l("Sold out"),
    "organisation_not_active": _l("Venue could not record uses"),
}
# Materials (app.models.material): who an item is meant for, what it is, its language.
MATERIAL_AUDIENCE = {"distributors": _l("For distributors"), "venues": _l("For venues"),
                     "coordinators": _l("For coordinators")}
MATERIAL_KIND = {"induction": _l("Induction"), "communication": _l("Communication"),
                 "template": _l("Template (card, poster, brochure)")}
MATERIAL_LANGUAGE = {"all": _l("All languages"), "fi": _l("Finnish"), "sv": _l("Swedish"), "en": _l("English")}
# The distributor list's review (app.models.distributor_list.LIST_STATES).
DISTRIBUTOR_LIST_STATE = {"draft": _l("Draft"), "submitted": _l("Submitted, waiting for review"),
                          "commented": _l("Commented, to be submitted again"), "approved": _l("Approved")}
# Continuation rounds (app.models.continuation): whom a round asks, and the answers.
ROUND_SIDE = {"distributor": _l("Distributor sites (sote side)"), "venue": _l("Venues (culture side)")}
CONTINUATION_ANSWER = {"yes": _l("Yes, continues"), "no": _l("No, does not continue"),
                       "yes_with_changes": _l("Yes, with changes")}
# Commitments (app.models.organisation.COMMITMENT_KINDS) and contact changes (app.models.contact).
COMMITMENT_KIND = {"partner": _l("Partner commitment (distributors and venues)"),
                   "coordination": _l("Coordination commitment (the area's coordinators)")}
COORDINATION_SIDE = {"culture": _l("Culture side"), "sote": _l("Sote side")}
CONTACT_CHANGE_KIND = {"organisation": _l("Organisation's contact person"), "contact_added": _l("Area contact added"),
                       "contact_changed": _l("Area contact changed"), "contact_removed": _l("Area contact removed"),
                       "feedback_email": _l("Area's feedback e-mail")}
