"""Reviewing colleagues (Qt-free): merging stores, agreement metrics, adjudication into gold."""
