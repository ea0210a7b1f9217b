"""The `netcanvas` command line, on top of every package: the core, the service and the worker."""
