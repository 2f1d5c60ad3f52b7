"""In-app notifications, mailed too where the recipient wants them."""
