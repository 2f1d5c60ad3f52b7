{% extends "base.html" %}
{% block title %}{{ _("$title") }}{% endblock %}
{% block content %}
<h1>{{ _("$title") }}</h1>
{% if page.items %}
<ul>
  {% for client in page.items %}<li>{{ client.first_name }} {{ client.last_name }}</li>{% endfor %}
</ul>
{% else %}
<p>{{ _("No clients to show.") }}</p>
{% endif %}
{% endblock %}
