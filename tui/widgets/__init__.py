"""Widgets: each renders what it is given and posts messages upward."""
