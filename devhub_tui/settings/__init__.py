"""Where devhub keeps its files and what it reads from them: paths, preferences,
sync config, crash log."""
