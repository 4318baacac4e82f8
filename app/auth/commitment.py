"""Staff of a distributor or venue acknowledge the current commitment to the operating model."""
from flask import flash, redirect, render_template, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from app.auth import bp
from app.auth.forms import AcknowledgeForm
from app.auth.scope import guard
from app.network import commitments


@bp.route("/commitment", methods=["GET", "POST"])
@guard("distributor", "venue")
def acknowledge():
    form = AcknowledgeForm()
    if form.validate_on_submit():
        commitments.acknowledge(current_user, form.site.data)
        flash(_("Thank you. The acknowledgement was saved."), "info")
        return redirect(url_for("auth.acknowledge"))
    version = commitments.current_version()
    sites = commitments.staff_sites(current_user)
    done = commitments.acknowledged_ids(version, [s.id for s in sites]) if version else set()
    return render_template("auth/commitment.html", form=form, version=version, sites=sites,
                           done=done, text=commitments.text_in(version, str(get_locale())) if version else ""), \
        400 if form.errors else 200
