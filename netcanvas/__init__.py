"""NetCanvas core: the graph format, layer catalogue, shape inference and validation.

Torch-free, so the API service imports it without PyTorch; the worker adds
the compiler on top (`worker.compiler`).
"""

__version__ = "0.1.0"
