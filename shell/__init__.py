"""The application shell: the only place that reads settings, wires the parts into a runtime,
creates the web app and runs the command line."""
