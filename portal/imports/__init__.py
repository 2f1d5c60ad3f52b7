"""Importing young people and partner companies from CSV and XLSX files (and, through the
JSON API, a list of referrals): every row checked as its form checks one typed in, shown
before anything is saved, and saved all at once or not at all (ADR 0055)."""
