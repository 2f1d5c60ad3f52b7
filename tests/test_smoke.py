def test_login_and_start_pages(as_role):
    for role in ("admin", "coach", "employer", "client_user"):
        b = as_role(role)
        r = b.get("/")
        assert r.status_code == 200, r.get_data(as_text=True)[-2000:]
