"""What the suite's fixtures are built from: test databases, the form-filling browser, the small
data set, and the translation catalogs."""
