from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    """The project itself, as an app for its commands (backup, restore): settings, addresses, navigation, home."""

    name = "safeguarding"
    verbose_name = "Safeguarding activity tracker"
