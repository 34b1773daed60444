"""A review action's owner becomes a person: the task (work.Task) that reminds them. The free-text owner each
action had is kept as a note; each open action gets a task with no owner yet, in the leads' queue, for a lead to
give to someone. Also: a consultation may say it needs a safeguarding lead, and a MASH enquiry records when the
Trust shared its health information."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def tasks_for_open_actions(apps, schema_editor):
    ReviewAction = apps.get_model("activity", "ReviewAction")
    Task = apps.get_model("work", "Task")
    TaskEvent = apps.get_model("work", "TaskEvent")
    open_actions = list(
        ReviewAction.objects.exclude(status="completed").values("pk", "due_on", "created_by_id", "review__reference")
    )
    Task.objects.bulk_create(
        Task(
            kind="review_action",
            source_key=f"review-action:{action['pk']}",
            title="An action from a review",
            link=f"/records/reviews/{action['review__reference']}/",
            due_on=action["due_on"],
        )
        for action in open_actions
    )
    task_of = dict(Task.objects.filter(kind="review_action").values_list("source_key", "pk"))
    actions = ReviewAction.objects.in_bulk([action["pk"] for action in open_actions])
    for action in actions.values():
        action.task_id = task_of[f"review-action:{action.pk}"]
    ReviewAction.objects.bulk_update(actions.values(), ["task"], batch_size=500)
    TaskEvent.objects.bulk_create(
        TaskEvent(
            task_id=task_of[f"review-action:{action['pk']}"],
            by_id=action["created_by_id"],
            what="created",
            reason="Made for an action held before actions had a person as owner: a lead gives it to someone.",
        )
        for action in open_actions
    )


def actions_without_tasks(apps, schema_editor):
    apps.get_model("work", "Task").objects.filter(kind="review_action").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("activity", "0009_prevent_fgm_and_mash_timeliness_counted"),
        ("work", "0001_tasks"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="historicalreviewaction", old_name="owner", new_name="owner_note"),
        migrations.RenameField(model_name="reviewaction", old_name="owner", new_name="owner_note"),
        migrations.AddField(
            model_name="consultation",
            name="needs_lead",
            field=models.BooleanField(
                default=False,
                help_text="The safeguarding leads are told at once and one of them takes it on.",
                verbose_name="needs a safeguarding lead",
            ),
        ),
        migrations.AddField(
            model_name="historicalconsultation",
            name="needs_lead",
            field=models.BooleanField(
                default=False,
                help_text="The safeguarding leads are told at once and one of them takes it on.",
                verbose_name="needs a safeguarding lead",
            ),
        ),
        migrations.AddField(
            model_name="historicalmashenquiry",
            name="health_shared_on",
            field=models.DateField(
                blank=True,
                help_text="When the Trust shared its health information with the hub. Leave empty until it has.",
                null=True,
                verbose_name="date health information shared",
            ),
        ),
        migrations.AlterField(
            model_name="historicalreviewaction",
            name="owner_note",
            field=models.CharField(
                blank=True,
                help_text="The role or team named as owner before actions had a person as owner.",
                max_length=100,
                verbose_name="owner (as first written)",
            ),
        ),
        migrations.AddField(
            model_name="historicalreviewaction",
            name="task",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="work.task",
            ),
        ),
        migrations.AddField(
            model_name="mashenquiry",
            name="health_shared_on",
            field=models.DateField(
                blank=True,
                help_text="When the Trust shared its health information with the hub. Leave empty until it has.",
                null=True,
                verbose_name="date health information shared",
            ),
        ),
        migrations.AlterField(
            model_name="reviewaction",
            name="owner_note",
            field=models.CharField(
                blank=True,
                help_text="The role or team named as owner before actions had a person as owner.",
                max_length=100,
                verbose_name="owner (as first written)",
            ),
        ),
        migrations.AddField(
            model_name="reviewaction",
            name="task",
            field=models.OneToOneField(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="work.task"
            ),
        ),
        migrations.AddConstraint(
            model_name="mashenquiry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("health_shared_on__isnull", True), ("health_shared_on__gte", models.F("date")), _connector="OR"
                ),
                name="mash_shared_not_before_received",
                violation_error_message="Health information cannot be shared before the enquiry was received",
            ),
        ),
        migrations.RunPython(tasks_for_open_actions, actions_without_tasks, elidable=True),
    ]
