from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Service governance"

    def ready(self):
        # The task source reads the models, which Django loads after this module: so imported here.
        from governance import work_items
        from work import sources
        from work.models import Kind

        sources.register(
            Kind.POLICY_REVIEW, work_items.policies_due_for_review, reason="The policy was reviewed (a new date)"
        )
