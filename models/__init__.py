"""Audio and language work as plain Python: no Ray, no Prefect, no storage."""
