"""The data subject's rights and the data's life span: access export, retention, erasure."""
