"""What the CLI and the app share, without Textual: start-up, dashboard data, sync,
demo, the terminal watch."""
