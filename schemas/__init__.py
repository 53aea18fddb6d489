"""The bundled incident JSON Schema, shipped as package data."""
