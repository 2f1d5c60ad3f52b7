# Finnish texts of the $title plugin.
msgid ""
msgstr ""
"Project-Id-Version: polku-$name 0.1.0\n"
"Language: fi\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=utf-8\n"
"Content-Transfer-Encoding: 8bit\n"

msgid "$title"
msgstr "$title"

msgid "No clients to show."
msgstr "Ei näytettäviä asiakkaita."

msgid "Notes about %(name)s from the $title plugin."
msgstr "Liitännäisen $title muistiinpanot: %(name)s."
