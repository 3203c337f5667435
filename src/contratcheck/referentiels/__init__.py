"""referentiels"""
