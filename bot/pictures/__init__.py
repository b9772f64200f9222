"""Pictures drawn from the engine's plain data (matplotlib, imported only when drawing)."""
