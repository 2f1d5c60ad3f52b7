"""The workplace supervisor's view of their company's trainees."""
