"""The open MASH enquiries, oldest first, with how many working days each has waited: the queue the dashboard's
age bands link to. Practitioners see their areas' enquiries, leads every area's."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils import timezone

from activity.mash_ageing import AGE_BANDS, BANDS_BY_SLUG, OPEN, age_in_working_days, received_in
from activity.models import Area, MashEnquiry
from audit.log import filters_of
from audit.log import record as audit
from audit.models import Action
from core.paging import page_size
from core.permissions import require_permission

PAGE_SIZE = 25
KIND = "mash-enquiries"


@require_permission("activity.view_mashenquiry")
def mash_queue(request):
    today = timezone.localdate()
    enquiries = MashEnquiry.objects.visible_to(request.user).filter(OPEN).select_related("area")
    area = _chosen_area(request)
    if area is not None:
        enquiries = enquiries.within(area)
    band = BANDS_BY_SLUG.get(request.GET.get("age", ""))
    if band is not None:
        enquiries = enquiries.filter(received_in(band, today))
    paginator = Paginator(enquiries.order_by("date", "pk"), page_size(request, PAGE_SIZE))
    page = paginator.get_page(request.GET.get("page"))
    rows = [(enquiry, age_in_working_days(enquiry.date, today)) for enquiry in page.object_list]
    _audit_listing(request, page)
    context = {
        "page": page,
        "rows": rows,
        "count": paginator.count,
        "band": band,
        "bands": AGE_BANDS,
        "area": area,
        "today": today,
    }
    return TemplateResponse(request, "records/mash_queue.html", context)


def _chosen_area(request) -> Area | None:
    """The area asked for in the address; anything else (none, not a number, no such area) means every area the
    user sees."""
    asked = request.GET.get("area", "")
    if not (asked.isascii() and asked.isdigit() and len(asked) <= 9):
        return None
    return Area.objects.filter(pk=int(asked)).first()


def _audit_listing(request, page) -> None:
    """The page shows each enquiry's case reference: who saw which list is part of the record of reads, as for the
    record lists."""
    count = page.paginator.count
    rows = f"Rows {page.start_index():,} to {page.end_index():,} of {count:,}" if count else "No rows"
    audit(
        request,
        Action.RECORDS_LISTED,
        kind=KIND,
        detail=f"Open queue, oldest first. {rows}; filters: {filters_of(request) or 'none'}",
    )
