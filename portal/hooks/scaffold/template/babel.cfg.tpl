[python: **.py]
[jinja2: **.html]
