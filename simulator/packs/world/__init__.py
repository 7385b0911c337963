"""Drawing a world from a loaded pack and a seed: the company (fake data, identifiers), its customers,
documents and bank lines, the texts of the brief, and the world model itself."""
