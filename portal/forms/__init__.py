"""WTForms used by the core views."""
