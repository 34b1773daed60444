"""How many rows a list shows: a size from a short allow-list, or the list's default.

A size sent in the address (``?per_page=``) that is not on the list is ignored rather than
refused: ``-1`` once answered 500 and ``100000`` returned every row at once.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger
from django_tables2 import RequestConfig

PAGE_SIZES = (25, 50, 100, 500)


def page_size(request, default: int, *, field: str = "per_page") -> int:
    asked = request.GET.get(field, "")
    # isdigit() alone takes "²", which int() refuses: only ASCII digits are a size.
    return int(asked) if asked.isascii() and asked.isdigit() and int(asked) in PAGE_SIZES else default


def configure_table(request, table, *, default: int):
    """Sorting from the request, and one page of an allowed size (a page out of range shows the nearest)."""
    RequestConfig(request, paginate=False).configure(table)
    size = page_size(request, default, field=table.prefixed_per_page_field)
    try:
        table.paginate(page=request.GET.get(table.prefixed_page_field, 1), per_page=size)
    except PageNotAnInteger:
        table.page = table.paginator.page(1)
    except EmptyPage:
        table.page = table.paginator.page(table.paginator.num_pages)
    table.page_sizes = [size_ for size_ in PAGE_SIZES if size_ != size]
    table.page_size = size
    return table
