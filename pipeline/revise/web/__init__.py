"""The local revision page (`bigan serve`)."""
