"""The worker side of NetCanvas: everything that needs PyTorch (compiling, training, export)."""
