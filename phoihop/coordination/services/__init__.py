"""Writes of the coordination records; one module per topic. Each runs
fetch-and-authorize → domain check → write → audit in one transaction."""
