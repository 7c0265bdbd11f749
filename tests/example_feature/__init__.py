"""A minimal third-party feature, "La rentrée": it plugs a StreamField block, an API router, an admin
screen, a starter page and a family section into Mon enfant à l'école through the feature registry
(:mod:`mon_enfant.features`) alone, without any change to the core. ``tests/core/test_example_feature.py``
shows each contribution working; ``docs/architecture.md`` walks through it."""
