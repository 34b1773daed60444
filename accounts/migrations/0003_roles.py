from django.db import migrations


def create_roles(apps, schema_editor):
    from accounts.roles import sync_roles

    sync_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("activity", "0001_initial"),
        ("reports", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
