"""Screens: the main screen mediates between widgets and the model; modals sit on top."""
