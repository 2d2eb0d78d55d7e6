"""Importers: tables other tools wrote (CSV and MS Project exports, GitHub
milestones) turned into plans.  Each reads bytes and returns text; only the
CLI reads and writes files."""
