"""The bundle's entry point (PyInstaller runs this file): the ``curator`` command."""

from app.cli import main

raise SystemExit(main())
