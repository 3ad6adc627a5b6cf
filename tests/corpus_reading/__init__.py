"""A measured corpus of procedural decisions written in their official forms' layouts,
each with the fields it truly carries (see `forms`)."""
