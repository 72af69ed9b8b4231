"""The shared kernel every feature stands on: the domain model, rubrics, scoring maths, the
proposal life cycle, permissions, errors, pseudonyms, the clock, translations and the repository
port. Nothing in here imports a feature module.
"""
