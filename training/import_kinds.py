"""Registers the learning system's export with the column-mapping import, so its mappings can be made and saved
at /imports/mappings/ (imported by ``TrainingConfig.ready``)."""

from activity.importing.mapping import register_kind
from training.importing import COMPLIANCE_KIND

register_kind(COMPLIANCE_KIND)
