"""New metrics (Prevent and FGM consultations, MASH enquiries closed and closed within 3 days) read new series of
daily counts: count them for the records already held. Uses the live counting code, which is what any recount
does (``manage.py rebuild_counts``); on an empty database it does nothing."""

from django.db import migrations


def count_new_series(apps, schema_editor):
    from activity import rollups
    from activity.models import Consultation, MashEnquiry

    if Consultation.with_archived.exists() or MashEnquiry.with_archived.exists():
        rollups.refresh(Consultation, None)
        rollups.refresh(MashEnquiry, None)


class Migration(migrations.Migration):
    dependencies = [("activity", "0008_figures_not_collected")]

    operations = [migrations.RunPython(count_new_series, migrations.RunPython.noop, elidable=True)]
