"""The command line: the `devhub` entry point (launch), the click group and its commands."""
