"""My work, the team's work (leads), and one task: its history, completing it, giving it to someone."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.permissions import require_permission
from work import actions
from work.forms import AssignForm, CompleteForm, ReopenForm, TeamFilterForm
from work.models import State, Task

PAGE_SIZE = 50


def _page(request, tasks):
    return Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))


@require_permission("work.view_task")
@require_safe
def my_work(request):
    """My open tasks, overdue first, and what I closed in the last fortnight."""
    today = timezone.localdate()
    mine = Task.objects.visible_to(request.user).filter(owner=request.user)
    open_tasks = mine.open().select_related("owner").in_work_order()
    recently_done = mine.filter(state=State.DONE, done_on__gte=today - timezone.timedelta(days=14)).order_by(
        "-done_on", "-pk"
    )[:20]
    context = {
        "page": _page(request, open_tasks),
        "overdue": mine.overdue(today).count(),
        "recently_done": recently_done,
        "today": today,
    }
    return TemplateResponse(request, "work/my_work.html", context)


@require_permission("work.manage_tasks")
@require_safe
def team_work(request):
    """Every open task, filtered by owner, kind or overdue: the leads' queue of unowned tasks first."""
    today = timezone.localdate()
    form = TeamFilterForm(request.GET or None)
    tasks = Task.objects.visible_to(request.user).open().select_related("owner")
    if form.is_valid():
        owner, kind = form.cleaned_data["owner"], form.cleaned_data["kind"]
        if owner == "none":
            tasks = tasks.filter(owner__isnull=True)
        elif owner:
            tasks = tasks.filter(owner_id=owner)
        if kind:
            tasks = tasks.filter(kind=kind)
        if form.cleaned_data["overdue"]:
            tasks = tasks.filter(due_on__lt=today)
    context = {
        "form": form,
        "page": _page(request, tasks.in_work_order()),
        "overdue": Task.objects.overdue(today).count(),
        "unowned": Task.objects.open().filter(owner__isnull=True).count(),
        "today": today,
    }
    return TemplateResponse(request, "work/team_work.html", context)


def _task(request, pk) -> Task:
    return get_object_or_404(Task.objects.visible_to(request.user).select_related("owner"), pk=pk)


def _detail(request, task, *, assign_form=None, complete_form=None, reopen_form=None, status=200):
    user = request.user
    may_change = actions.may_change(task, user)
    context = {
        "task": task,
        "events": task.events.select_related("by", "owner_before", "owner_after"),
        "today": timezone.localdate(),
        "may_assign": user.has_perm("work.manage_tasks") and task.state == State.OPEN,
        "may_complete": may_change and task.state == State.OPEN,
        "may_reopen": may_change and task.state != State.OPEN,
        "assign_form": assign_form or AssignForm(initial={"owner": task.owner_id}),
        "complete_form": complete_form or CompleteForm(),
        "reopen_form": reopen_form or ReopenForm(),
    }
    return TemplateResponse(request, "work/task_detail.html", context, status=status)


@require_permission("work.view_task")
@require_safe
def task_detail(request, pk):
    return _detail(request, _task(request, pk))


def _refused(request, task, error, **forms):
    form = next(iter(forms.values()))
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))
    return _detail(request, task, **forms)


@require_permission("work.manage_tasks")
@require_POST
def task_assign(request, pk):
    task = _task(request, pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _detail(request, task, assign_form=form)
    try:
        actions.assign(task=task, to=form.cleaned_data["owner"], by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        return _refused(request, task, error, assign_form=form)
    owner = form.cleaned_data["owner"]
    messages.success(
        request, f"Given to {owner.get_full_name() or owner.get_username()}." if owner else "Back in the leads' queue."
    )
    return redirect("task_detail", task.pk)


@require_permission("work.view_task")
@require_POST
def task_complete(request, pk):
    task = _task(request, pk)
    form = CompleteForm(request.POST)
    if not form.is_valid():
        return _detail(request, task, complete_form=form)
    try:
        actions.complete(task=task, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        return _refused(request, task, error, complete_form=form)
    messages.success(request, "Task completed.")
    return redirect("task_detail", task.pk)


@require_permission("work.view_task")
@require_http_methods(["POST"])
def task_reopen(request, pk):
    task = _task(request, pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return _detail(request, task, reopen_form=form)
    actions.reopen(task=task, by=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, "Task open again.")
    return redirect("task_detail", task.pk)
