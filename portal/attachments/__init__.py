"""Photos and PDFs attached as evidence: checked, re-encoded, stored outside the web root and
served only to those who may see what they are attached to (docs/adr/0028-attachments.md)."""
