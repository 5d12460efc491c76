"""The command line: argument parsing, the commands, exit codes."""
