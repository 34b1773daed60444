"""Every write to the assurance self-assessment goes through here: checked, and kept in the row's history with
who made it and why. Frameworks and standards are saved with ``governance.actions.save_record``.

The rules a user meets: a score is on the framework's scale; the person who moderates a score is not the person
who self-scored it; a RAG rating follows the moderated score unless someone changes it and says why; a file of
evidence is a PDF, Word, Excel, PNG or JPEG file by its content (its name is not trusted) and within the size
limit; an action's owner holds tasks, and only a lead gives an action to someone else once it is made.
"""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.permissions import require_actor
from governance.actions import save_record
from governance.assurance_tasks import keep_action_task
from governance.models import Assessment, AssessmentAttachment, AssuranceAction, AssuranceStandard
from work.actions import may_hold_tasks


def attachment_max_bytes() -> int:
    return settings.ASSURANCE_ATTACHMENT_MAX_BYTES


def megabytes(size: int) -> str:
    return f"{size / 2**20:.3g} MB" if size >= 2**20 else f"{max(1, round(size / 1024))} KB"


def assessment_for(standard: AssuranceStandard, year: int, area) -> Assessment:
    """The standard's assessment for the year and partnership (``area`` None: the whole trust), or a new one,
    not yet saved, if there is none."""
    found = Assessment.objects.filter(standard=standard, year=year, area=area).first()
    return found or Assessment(standard=standard, year=year, area=area)


@transaction.atomic
def save_evidence(assessment: Assessment, *, by, evidence: str, self_score: int | None, reason: str) -> Assessment:
    """The evidence and the service's own score. Whoever changes the score is the one who self-scored it."""
    require_actor(by)
    if self_score != assessment.self_score:
        if self_score is not None and assessment.moderated_by_id == by.pk:
            raise ValidationError(
                {"self_score": "You moderated this standard's score, so someone else gives its self score."}
            )
        assessment.self_score = self_score
        assessment.self_scored_by = by if self_score is not None else None
        assessment.self_scored_at = timezone.now() if self_score is not None else None
    assessment.evidence = evidence
    return save_record(assessment, by=by, reason=reason)


@transaction.atomic
def moderate(assessment: Assessment, *, by, score: int | None, reason: str) -> Assessment:
    """The moderated score, by someone other than the person who self-scored. A RAG rating that followed the
    old score (none given with a reason) follows the new one."""
    require_actor(by)
    if assessment.self_scored_by_id is not None and assessment.self_scored_by_id == by.pk:
        raise ValidationError(
            {
                "moderated_score": "You gave this standard its self score, so someone else moderates it: a "
                "moderated score is a second person's view."
            }
        )
    framework = assessment.standard.framework
    follows = not assessment.rag or (
        not assessment.rag_reason and assessment.rag == framework.rag_for(assessment.moderated_score)
    )
    assessment.moderated_score = score
    assessment.moderated_by = by if score is not None else None
    assessment.moderated_at = timezone.now() if score is not None else None
    if follows:
        assessment.rag, assessment.rag_reason = framework.rag_for(score), ""
    return save_record(assessment, by=by, reason=reason)


@transaction.atomic
def set_rag(assessment: Assessment, *, by, rag: str, rag_reason: str, reason: str) -> Assessment:
    """The RAG rating, changed by hand. Where it differs from what the moderated score gives, ``rag_reason``
    says why (the model refuses it otherwise)."""
    require_actor(by)
    expected = assessment.standard.framework.rag_for(assessment.moderated_score)
    assessment.rag = rag
    assessment.rag_reason = "" if rag == expected else rag_reason
    return save_record(assessment, by=by, reason=reason)


# Files: their type read from their content.

PDF, WORD, EXCEL, PNG, JPEG = "PDF", "Word document", "Excel workbook", "PNG image", "JPEG image"
CONTENT_TYPES = {
    PDF: ("application/pdf", ".pdf"),
    WORD: ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    EXCEL: ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    PNG: ("image/png", ".png"),
    JPEG: ("image/jpeg", ".jpg"),
}
ACCEPTED = "a PDF, a Word document (.docx), an Excel workbook (.xlsx), or a PNG or JPEG picture"


@dataclass(frozen=True)
class FileKind:
    name: str
    content_type: str
    extension: str


def kind_of(content: bytes) -> FileKind:
    """What the file is, from its first bytes (and, for Word and Excel, the parts inside it); raises
    ``ValidationError`` naming what is accepted otherwise."""
    if content.startswith(b"%PDF-"):
        kind = PDF
    elif content.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
    elif content.startswith(b"\xff\xd8\xff"):
        kind = JPEG
    elif content.startswith(b"PK\x03\x04"):
        kind = _office_kind(content)
    elif content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(
            "The file is an old-style Office file (.doc or .xls) or a password-protected one: save it as a .docx "
            "or .xlsx file without a password, and upload that."
        )
    else:
        kind = None
    if kind is None:
        raise ValidationError(f"The file is not one the evidence takes, whatever its name says: upload {ACCEPTED}.")
    content_type, extension = CONTENT_TYPES[kind]
    return FileKind(kind, content_type, extension)


def _office_kind(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return WORD
    if "xl/workbook.xml" in names:
        return EXCEL
    return None


def safe_file_name(name: str, extension: str) -> str:
    """The name as uploaded, kept to letters, digits and a few marks, ending in the extension its content has."""
    stem = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0]
    stem = "".join(char if char.isalnum() or char in " -_()" else "_" for char in stem).strip(" ._")[:150]
    return f"{stem or 'evidence'}{extension}"


@transaction.atomic
def add_attachment(
    assessment: Assessment, *, by, name: str, content: bytes, description: str, reason: str
) -> AssessmentAttachment:
    """A file of evidence, kept in the database. The assessment is saved first if it is new."""
    require_actor(by)
    limit = attachment_max_bytes()
    if len(content) > limit:
        raise ValidationError(
            f"The file is {megabytes(len(content))}: a file of evidence must be at most {megabytes(limit)}."
        )
    if not content:
        raise ValidationError("The file is empty.")
    kind = kind_of(content)
    if assessment.pk is None:
        save_record(assessment, by=by, reason="Assessment started with a file of evidence")
    attachment = AssessmentAttachment(
        assessment=assessment,
        file_name=safe_file_name(name, kind.extension),
        content_type=kind.content_type,
        size=len(content),
        content=content,
        description=description,
        uploaded_by=by,
    )
    attachment.full_clean()
    attachment._history_user = by
    attachment._change_reason = reason
    attachment.save()
    return attachment


@transaction.atomic
def remove_attachment(attachment: AssessmentAttachment, *, by, reason: str) -> None:
    require_actor(by)
    attachment._history_user = by
    attachment._change_reason = reason
    attachment.delete()


# Actions, each a task for its owner.


@transaction.atomic
def save_action(action: AssuranceAction, *, by, reason: str) -> AssuranceAction:
    """Add or change an action; its task follows (made, given to the owner, due when it is, done when it is)."""
    require_actor(by)
    if action.owner_id is not None and not may_hold_tasks(action.owner):
        raise ValidationError({"owner": f"{action.owner} cannot hold tasks: choose someone who does."})
    if action.pk is not None:
        before = AssuranceAction.objects.filter(pk=action.pk).values_list("owner_id", flat=True).first()
        if before != action.owner_id and not by.has_perm("work.manage_tasks"):
            raise ValidationError(
                {"owner": "Only a safeguarding lead gives an action to someone else once it is made."}
            )
    assessment = action.assessment
    if assessment.pk is None:
        save_record(assessment, by=by, reason="Assessment started with an action")
        action.assessment = assessment  # now saved: the action takes its key
    save_record(action, by=by, reason=reason)
    keep_action_task(action, by=by)
    return action
