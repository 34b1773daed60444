from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "activity"
    verbose_name = "Safeguarding activity"

    def ready(self):
        # The task sources read the models, which Django loads after this module: so imported here.
        from activity import work_items
        from work import sources
        from work.models import Kind

        sources.register(
            Kind.REVIEW_ACTION,
            work_items.open_review_actions,
            reason="The action was completed, removed, or its review archived",
            after=work_items.link_review_actions_to_tasks,
        )
        sources.register(Kind.MASH_ENQUIRY, work_items.mash_enquiries_open_too_long, reason="The enquiry was closed")
        sources.register(Kind.RETURN_DUE, work_items.returns_due, reason="The return came in")
