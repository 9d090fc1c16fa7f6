"""Entry points: the Prefect flows and the taleforge command line."""
