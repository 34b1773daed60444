"""The demonstration data: reference data, users, a few years of records and returns, and a draft report.

`manage.py load_demo` (demo.loader.load_demo) fills an empty database, and tops one up to today.
"""
