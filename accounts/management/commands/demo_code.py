from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import current_code, is_demo_device


class Command(BaseCommand):
    help = (
        "Print the one-time code a demo user's authenticator would show now. Works only for the "
        "demo's devices, whose key is public: it cannot read a real user's code."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        devices = TOTPDevice.objects.filter(user__username=username, confirmed=True)
        demo = [device for device in devices if is_demo_device(device)]
        if not demo:
            raise CommandError(f"{username!r} has no demo authenticator: this command only gives demo users' codes.")
        if len(demo) != len(devices):
            raise CommandError(
                f"{username!r} also has a real authenticator: this command only gives demo users' codes."
            )
        self.stdout.write(current_code(demo[0]))
