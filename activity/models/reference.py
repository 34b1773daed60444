"""Reference data: areas, services and teams, categories of concern. All of it is data, not code."""

from django.core.exceptions import ValidationError
from django.db import models, transaction


class ClientGroup(models.TextChoices):
    ADULT = "adult", "Adult"
    CHILD = "child", "Child"
    FAMILY = "family", "Think family (adult and child)"


class AreaQuerySet(models.QuerySet):
    def within(self, area: "Area"):
        """The area and every area below it."""
        return self.filter(path__startswith=area.path)

    def roots(self):
        return self.filter(parent__isnull=True)


class Area(models.Model):
    """A geography records belong to, usually a safeguarding partnership. Areas nest.

    ``path`` holds the slugs from the top down (``/all/bsw/swindon/``), so "this area
    and everything below it" is one indexed ``startswith`` in the database.
    """

    name = models.CharField(max_length=100, unique=True)
    short_name = models.CharField(max_length=30, blank=True, help_text="Used in table headings.")
    slug = models.SlugField(max_length=50, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=500, unique=True, editable=False)
    display_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["path"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.full_clean(exclude=["path"], validate_unique=False, validate_constraints=False)
        new_path = f"{self.parent.path if self.parent else '/'}{self.slug}/"
        old_path = self.path
        with transaction.atomic():
            self.path = new_path
            super().save(*args, **kwargs)
            if old_path and old_path != new_path:
                for descendant in Area.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    descendant.path = new_path + descendant.path[len(old_path) :]
                    super(Area, descendant).save(update_fields=["path"])

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "An area cannot sit inside itself or an area below it."})
            ancestor = ancestor.parent

    @property
    def label(self) -> str:
        return self.short_name or self.name


def tree_position(area: Area, by_id: dict) -> list[tuple[int, str]]:
    """Sort key that keeps the tree's order: each ancestor's display order and name, top down.

    ``by_id`` holds every area (active or not), so an area's whole chain is found.
    """
    position = []
    while area is not None:
        position.insert(0, (area.display_order, area.name))
        area = by_id.get(area.parent_id)
    return position


class Service(models.Model):
    """A directorate or service line, e.g. Community Health."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=50, unique=True)
    display_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["display_order", "name"]

    def __str__(self):
        return self.name


class Team(models.Model):
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=100)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["service__display_order", "name"]
        constraints = [models.UniqueConstraint(fields=["service", "name"], name="team_name_unique_in_service")]

    def __str__(self):
        return f"{self.name} ({self.service})"


class Category(models.Model):
    """A category of concern (Care Act 2014, Working Together, exploitation, FGM, Prevent...)."""

    class Framework(models.TextChoices):
        CARE_ACT = "care_act", "Care Act 2014 (adults)"
        WORKING_TOGETHER = "working_together", "Working Together (children)"
        OTHER = "other", "Other"

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=50, unique=True)
    client_group = models.CharField(max_length=10, choices=ClientGroup.choices, default=ClientGroup.FAMILY)
    framework = models.CharField(max_length=20, choices=Framework.choices, default=Framework.OTHER)
    display_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["display_order", "name"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(fields=["name", "client_group"], name="category_name_unique_per_client_group")
        ]

    def __str__(self):
        return self.name
