"""A review's actions: added and updated from the review's own page."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from activity import actions
from activity.forms import EditReviewActionForm, ReviewActionForm
from activity.models import ReviewAction
from activity.record_types import RECORD_TYPES
from activity.views.access import visible_record
from audit.log import record as audit
from audit.models import Action
from core.permissions import require_permission

REVIEWS = RECORD_TYPES["reviews"]


def _open_review(request, reference):
    review = visible_record(request.user, REVIEWS, reference)
    if review.is_archived:
        messages.error(request, f"{review} is archived: restore it before changing its actions.")
    return review


@require_permission("activity.add_reviewaction")
@require_http_methods(["GET", "POST"])
def action_new(request, reference):
    review = _open_review(request, reference)
    if review.is_archived:
        return redirect("record_detail", REVIEWS.slug, reference)
    form = ReviewActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        actions.add_review_action(review=review, by=request.user, owner=form.cleaned_data["owner"], **fields)
        messages.success(request, "Action added.")
        return redirect("record_detail", REVIEWS.slug, reference)
    return TemplateResponse(request, "records/action_form.html", {"form": form, "review": review})


@require_permission("activity.change_reviewaction")
@require_http_methods(["GET", "POST"])
def action_edit(request, reference, action_id):
    review = _open_review(request, reference)
    if review.is_archived:
        return redirect("record_detail", REVIEWS.slug, reference)
    action = get_object_or_404(ReviewAction, pk=action_id, review=review)
    form = EditReviewActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        actions.update_review_action(
            action=form.instance, by=request.user, reason=form.cleaned_data["reason"], owner=form.cleaned_data["owner"]
        )
        messages.success(request, "Action updated.")
        return redirect("record_detail", REVIEWS.slug, reference)
    # The action's own words are part of the review's record: reading them is a look at the record.
    audit(request, Action.RECORD_VIEWED, kind=REVIEWS.slug, reference=review.reference, detail="Review action page")
    return TemplateResponse(request, "records/action_form.html", {"form": form, "review": review, "action": action})
