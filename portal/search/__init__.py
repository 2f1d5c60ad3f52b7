"""Finding things: the clients' search index, keyset-paged lists and the header search."""
