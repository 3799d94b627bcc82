# Kept for older bench tooling that still looks for setup.py; pyproject.toml is the source of truth.
from setuptools import setup

setup()
