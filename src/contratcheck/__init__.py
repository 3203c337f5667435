"""contratcheck : vérifier un contrat de ville au regard des référentiels nationaux."""

__version__ = "0.1.0"
