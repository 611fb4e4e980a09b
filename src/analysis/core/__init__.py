"""Layer 0: primitives with no knowledge of PCI: folders (paths), atomic file transactions (store),
number parsing (numbers) and bilingual prose (prose)."""
