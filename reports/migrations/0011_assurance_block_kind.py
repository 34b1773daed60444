# A report block of the assurance self-assessment (governance): the block's kind gains a choice; no table changes.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0010_mash_sharing_target'),
    ]

    operations = [
        migrations.AlterField(
            model_name='datablock',
            name='kind',
            field=models.CharField(choices=[('table', 'Table'), ('chart', 'Chart'), ('audits', 'Audit programme for the year'), ('priorities', 'Priorities for the year: we said, we did'), ('next_priorities', 'Priorities for the year ahead'), ('policies', 'Policies reviewed in the year'), ('sar_learning', 'Learning from safeguarding adult reviews'), ('cspr_learning', 'Learning from child safeguarding practice reviews'), ('training_compliance', 'Training compliance against target'), ('assurance', 'Assurance self-assessment: standards, ratings and open actions')], default='table', max_length=20),
        ),
    ]
