"""Renewing a card and taking one out of use (lost, replaced, ...), at the site that issued it."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.auth.scope import guard
from app.cards import registration
from app.issuing import bp
from app.core.forms import submit
from app.issuing.context import acting_site, actor, card_or_404
from app.issuing.forms import InactivateForm, RenewForm
from app.models import Card


def holder_values(card: Card) -> dict[str, str]:
    """The card's registration data as the renewal form shows it, for the worker to review."""
    values = {"birth_year": card.birth_year, "postcode": card.postcode, "municipality": card.municipality_code,
              "children": card.children, "gender": card.gender, "life_situation": card.life_situation}
    return {name: "" if value is None else str(value) for name, value in values.items()}


@bp.route("/issue/cards/<card_id>/renew", methods=["GET", "POST"])
@guard("distributor")
def renew(card_id: str):
    site = acting_site()
    card = card_or_404(card_id)
    registration.require_issued_here(card, site)
    form = RenewForm(data=holder_values(card))
    data = form.holder_data() if card.kind == "client" else {}
    renewed, status = submit(form, lambda: registration.renew(card.id, data, site=site, actor=actor()))
    if renewed is not None:
        flash(_("Card %(id)s renewed.", id=renewed.id), "info")
        return redirect(url_for("issuing.registered", card_id=renewed.id))
    return render_template("issuing/renew.html", form=form, card=card), status


@bp.route("/issue/cards/<card_id>/inactivate", methods=["GET", "POST"])
@guard("distributor")
def inactivate(card_id: str):
    site = acting_site()
    card = card_or_404(card_id)
    registration.require_issued_here(card, site)
    form = InactivateForm()
    if form.validate_on_submit() and form.confirmed.data != "1":
        return render_template("issuing/inactivate_confirm.html", form=form, card=card)

    def take_out_of_use():
        data = {"reason": form.reason.data, "replacement": (form.replacement.data or "").strip()}
        return registration.inactivate(card.id, data, site=site, actor=actor())

    done, status = submit(form, take_out_of_use, fallback="replacement")
    if done is not None:
        old, new = done
        if new is not None:
            flash(_("Card %(old)s taken out of use; new card %(new)s registered with the same data.",
                    old=old.id, new=new.id), "info")
            return redirect(url_for("issuing.registered", card_id=new.id))
        flash(_("Card %(id)s taken out of use.", id=old.id), "info")
        return redirect(url_for("issuing.card", card_id=old.id))
    form.confirmed.data = ""
    return render_template("issuing/inactivate.html", form=form, card=card), status
