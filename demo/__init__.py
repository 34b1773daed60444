"""The demonstration data: reference data, users, a few years of records and returns, the service's governance
records (audits, priorities, policies, learning from reviews) and a 2021/22 draft report that reads like the seed's.

`manage.py load_demo` (demo.loader.load_demo) fills an empty database, and tops one up to today.
"""
