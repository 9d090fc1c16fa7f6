"""One module per schema revision, oldest first: 0001 jobs and chapters, 0002 claims."""
