"""The bottom layer: what every app may use and that knows no app.

Periods (financial years, quarters, working days), spreadsheet safety, request-id logging, paging,
permission decorators, form widgets, template tags and the database role checks. Nothing here imports
another project app (.importlinter holds the contract, `make test` enforces it).
"""
