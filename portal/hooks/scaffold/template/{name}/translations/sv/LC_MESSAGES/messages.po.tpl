# Swedish texts of the $title plugin.
msgid ""
msgstr ""
"Project-Id-Version: polku-$name 0.1.0\n"
"Language: sv\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=utf-8\n"
"Content-Transfer-Encoding: 8bit\n"

msgid "$title"
msgstr "$title"

msgid "No clients to show."
msgstr "Inga klienter att visa."

msgid "Notes about %(name)s from the $title plugin."
msgstr "Anteckningar om %(name)s från tillägget $title."
