"""Compare two Excel workbooks cell by cell: every sheet, every cell's value, and the sheets' order.

    python scripts/compare_workbooks.py before.xlsx after.xlsx

Used to show a refactoring changed no figure: export the demo's report before and after, then compare.
Prints each difference (sheet, cell, before, after) and exits 1 if there is any, 0 if none.
"""

import sys

from openpyxl import load_workbook


def differences(before_path: str, after_path: str) -> list[str]:
    before, after = load_workbook(before_path), load_workbook(after_path)
    found = []
    if before.sheetnames != after.sheetnames:
        found.append(f"sheets: {before.sheetnames} != {after.sheetnames}")
    for name in before.sheetnames:
        if name not in after.sheetnames:
            continue
        old, new = before[name], after[name]
        rows = max(old.max_row, new.max_row)
        columns = max(old.max_column, new.max_column)
        for row in range(1, rows + 1):
            for column in range(1, columns + 1):
                was, now = old.cell(row, column).value, new.cell(row, column).value
                if was != now:
                    found.append(f"{name}!{old.cell(row, column).coordinate}: {was!r} != {now!r}")
    return found


def main(before_path: str, after_path: str) -> int:
    found = differences(before_path, after_path)
    for line in found:
        print(line)
    workbook = load_workbook(before_path)
    cells = sum(sheet.max_row * sheet.max_column for sheet in workbook.worksheets)
    print(f"{len(found)} differences in {len(workbook.sheetnames)} sheets, {cells:,} cells compared")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
