"""Dialogs around the workspace: label schema, import/export, open store, help.

Each dialog takes what it works on (the store, the window) in its constructor and calls only
the core; long work goes through ``app.ui.workers``.
"""
