"""The pages of the two-person rule: proposing a change of someone's access, password or authenticator
app; the changes waiting for approval, where a second person approves or rejects them; and the page
where an account's owner sets their password from a one-time link. The rules are in accounts.actions."""

from django.contrib import admin, messages
from django.contrib.admin.forms import AdminPasswordChangeForm
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordChangeView, PasswordResetConfirmView
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import actions
from accounts.access import (
    PREFETCH_ACCESS,
    access_of,
    access_proposed,
    differences,
    is_powerful,
    may_approve,
    may_propose,
)
from accounts.forms import ProposeAccessForm, ReasonForm
from accounts.models import AccessChange, User

HISTORY_LENGTH = 50
WAITING = "access_changes"


def _require(allowed: bool):
    if not allowed:
        raise PermissionDenied


def _person(request, pk) -> User:
    """The person a proposal is about: never the proposer."""
    _require(may_propose(request.user))
    person = get_object_or_404(User, pk=pk)
    _require(person.pk != request.user.pk)
    return person


def _posted(request):
    """The form's data when it was sent, even empty (a form with no required field is valid then)."""
    return request.POST if request.method == "POST" else None


def _add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_http_methods(["GET", "POST"])
def propose_access(request, pk):
    person = _person(request, pk)
    now = access_of(person)
    initial = {
        "roles": person.groups.all(),
        "areas": person.areas.all(),
        "view_all_areas": now.view_all_areas,
        "is_superuser": now.is_superuser,
        "email": person.email,
    }
    form = ProposeAccessForm(_posted(request), initial=initial, proposer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.propose_access_change(
                user=person,
                by=request.user,
                request=request,
                reason=form.cleaned_data["reason"],
                roles=form.cleaned_data["roles"],
                areas=form.cleaned_data["areas"],
                view_all_areas=form.cleaned_data["view_all_areas"],
                is_superuser=form.cleaned_data.get("is_superuser", person.is_superuser),
                email=form.cleaned_data["email"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Your change for {person} is waiting for approval. Nothing changes until then.")
            return redirect(WAITING)
    return TemplateResponse(request, "accounts/access_propose.html", {"person": person, "form": form})


@require_http_methods(["GET", "POST"])
def reset_password(request, pk):
    """An administrator sends the link alone to most people; for a lead, an administrator or a superuser,
    or when a lead asks, it is a proposal a second person approves first."""
    person = _person(request, pk)
    alone = actions.may_send_link_alone(request.user, person)
    form = ReasonForm(_posted(request))
    if alone:
        form.fields["reason"].required = False
    if request.method == "POST" and form.is_valid():
        try:
            if alone:
                actions.send_password_link_alone(user=person, by=request.user, request=request)
            else:
                actions.propose_password_reset(
                    user=person, by=request.user, request=request, reason=form.cleaned_data["reason"]
                )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if alone:
                messages.success(request, f"We have emailed {person} a link to choose a new password.")
                return redirect("admin:accounts_user_change", person.pk)
            messages.success(request, f"The password reset for {person} is waiting for approval.")
            return redirect(WAITING)
    context = {"person": person, "form": form, "alone": alone, "powerful": is_powerful(person)}
    return TemplateResponse(request, "accounts/access_password.html", context)


@require_http_methods(["GET", "POST"])
def remove_authenticator(request, pk):
    person = _person(request, pk)
    form = ReasonForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            actions.propose_authenticator_removal(
                user=person, by=request.user, request=request, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"The removal of {person}'s authenticator app is waiting for approval.")
            return redirect(WAITING)
    has_app = TOTPDevice.objects.filter(user=person).exists()
    return TemplateResponse(
        request, "accounts/access_authenticator.html", {"person": person, "form": form, "has_app": has_app}
    )


def access_changes(request):
    """Changes waiting for approval, each with what it changes, and the history of decided ones."""
    _require(request.user.has_perm("accounts.view_accesschange"))
    changes = AccessChange.objects.select_related("user", "proposed_by", "decided_by")
    waiting = changes.filter(status=AccessChange.Status.WAITING).order_by("proposed_at", "pk")
    waiting = waiting.prefetch_related("roles", "areas", *(f"user__{related}" for related in PREFETCH_ACCESS))
    may_decide = may_approve(request.user)
    rows = [
        {
            "change": change,
            "differences": differences(access_of(change.user), access_proposed(change))
            if change.kind == AccessChange.Kind.ACCESS
            else [],
            "may_decide": may_decide and request.user.pk not in (change.proposed_by_id, change.user_id),
            "may_withdraw": request.user.pk == change.proposed_by_id,
        }
        for change in waiting
    ]
    decided = changes.exclude(status=AccessChange.Status.WAITING).order_by("-decided_at", "-pk")[:HISTORY_LENGTH]
    return TemplateResponse(request, "accounts/access_changes.html", {"waiting": rows, "decided": decided})


def _decide(request, pk, decide, done: str):
    change = get_object_or_404(AccessChange.objects.select_related("user"), pk=pk)
    try:
        decide(change=change, by=request.user, request=request)
    except actions.NoLongerWaiting as error:
        messages.info(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done.format(person=change.user))
    return redirect(WAITING)


@require_POST
def approve_change(request, pk):
    return _decide(request, pk, actions.approve_access_change, "You approved the change for {person}. It applies now.")


@require_POST
def reject_change(request, pk):
    return _decide(request, pk, actions.reject_access_change, "You rejected the change for {person}. Nothing changed.")


@require_POST
def withdraw_change(request, pk):
    return _decide(request, pk, actions.withdraw_access_change, "You withdrew the change for {person}.")


class SetPasswordFromLinkView(PasswordResetConfirmView):
    """Django's page for a password reset link: the token is checked, moved out of the address into the
    session, and stops working once the password is set. Django's validators check the password."""

    template_name = "accounts/password_set.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        actions.set_password_from_link(
            user=self.user, password=form.cleaned_data["new_password1"], request=self.request
        )
        self.request.session.pop(INTERNAL_RESET_SESSION_TOKEN, None)
        messages.success(self.request, "Your password is set. Sign in with it now.")
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "navigation_items": []}


class OwnPasswordChangeView(PasswordChangeView):
    """Django's page for changing your own password (it asks for the current one), writing through
    accounts.actions so the change is an audit event."""

    def form_valid(self, form):
        user = self.request.user
        actions.change_own_password(user=user, password=form.cleaned_data["new_password1"], request=self.request)
        update_session_auth_hash(self.request, user)
        return redirect(self.get_success_url())


def admin_own_password_change(request, extra_context=None):
    """Stands in for the admin site's own "change password" page (safeguarding/urls.py), as Django builds it."""
    request.current_app = admin.site.name
    return OwnPasswordChangeView.as_view(
        form_class=AdminPasswordChangeForm,
        success_url=reverse("admin:password_change_done"),
        extra_context={**admin.site.each_context(request), **(extra_context or {})},
    )(request)
