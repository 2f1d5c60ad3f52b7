<p>{{ _("Notes about %(name)s from the $title plugin.", name=first_name) }}</p>
