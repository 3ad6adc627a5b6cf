"""Importing cases and their decisions from the spreadsheets agencies already keep:
the template (columns.py), reading xlsx/csv within limits (reader.py), checking each
row (parse.py), writing all or nothing through the case services (apply.py), and the
error report and rejects file (report.py)."""
